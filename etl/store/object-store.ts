import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** The one small interface every ETL step uses for the raw and curated buckets. */
export interface ObjectStore {
  put(key: string, body: string): Promise<void>;
  /** The object's text, or undefined when it does not exist. */
  get(key: string): Promise<string | undefined>;
  /** Keys under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
}

/** A directory standing in for a bucket locally; writes are atomic (temp file, then rename). */
export function directoryObjectStore(root: string): ObjectStore {
  return {
    async put(key, body) {
      const path = join(root, key);
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temp, body);
      await rename(temp, path);
    },
    async get(key) {
      try {
        return await readFile(join(root, key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async list(prefix) {
      let entries: string[];
      try {
        const found = await readdir(root, { recursive: true, withFileTypes: true });
        entries = found.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      return entries
        .map((path) => relative(root, path).split(sep).join('/'))
        .filter((key) => key.startsWith(prefix) && !key.endsWith('.tmp'))
        .sort();
    },
  };
}

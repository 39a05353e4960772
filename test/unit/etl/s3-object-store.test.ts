import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createS3Client, s3ObjectStore } from '../../../etl/store/s3-object-store';

// S3 is an AWS API: mocked with aws-sdk-client-mock, as the house rules allow.
const client = createS3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
const s3 = mockClient(client);

// The one method of the SDK's stream mixin the store calls.
function body(text: string) {
  return { transformToString: async () => text } as never;
}

describe('s3ObjectStore', () => {
  beforeEach(() => {
    s3.reset();
  });

  it('creates its client with checksums only when required (S3-compatible endpoints reject the defaults)', async () => {
    expect(await client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await client.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
  });

  it('puts an object under the prefix with a JSON-lines content type', async () => {
    // arrange
    s3.on(PutObjectCommand).resolves({});
    const store = s3ObjectStore(client, 'raw-bucket', 'etl/');
    // act
    await store.put('incident/dt=2026-11-01/run=r1/part-0001.jsonl', '{"a":1}\n');
    // assert
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'raw-bucket',
      Key: 'etl/incident/dt=2026-11-01/run=r1/part-0001.jsonl',
      Body: '{"a":1}\n',
      ContentType: 'application/x-ndjson',
    });
  });

  it('reads an object back as text', async () => {
    // arrange
    s3.on(GetObjectCommand, { Bucket: 'raw-bucket', Key: 'a.json' }).resolves({ Body: body('{"ok":true}') });
    // act
    const text = await s3ObjectStore(client, 'raw-bucket').get('a.json');
    // assert
    expect(text).toBe('{"ok":true}');
  });

  it('answers undefined for a missing key and rethrows anything else', async () => {
    // arrange
    s3.on(GetObjectCommand, { Key: 'missing' })
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }))
      .on(GetObjectCommand, { Key: 'denied' })
      .rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    const store = s3ObjectStore(client, 'raw-bucket');
    // act / assert
    expect(await store.get('missing')).toBeUndefined();
    await expect(store.get('denied')).rejects.toThrow('Access Denied');
  });

  it('lists every page of keys under a prefix, without the store prefix, sorted', async () => {
    // arrange
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: 'etl/incident/b.jsonl' }, { Key: 'etl/incident/a.jsonl' }],
        IsTruncated: true,
        NextContinuationToken: 't1',
      })
      .resolvesOnce({ Contents: [{ Key: 'etl/incident/c.jsonl' }], IsTruncated: false });
    // act
    const keys = await s3ObjectStore(client, 'raw-bucket', 'etl/').list('incident/');
    // assert
    expect(keys).toEqual(['incident/a.jsonl', 'incident/b.jsonl', 'incident/c.jsonl']);
    const calls = s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input);
    expect(calls).toEqual([
      { Bucket: 'raw-bucket', Prefix: 'etl/incident/' },
      { Bucket: 'raw-bucket', Prefix: 'etl/incident/', ContinuationToken: 't1' },
    ]);
  });
});

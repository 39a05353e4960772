import { type Embedder, rememberEmbeddings } from '../../embeddings';
import { classifyOffline } from '../offline-classify';
import { extractOffline } from '../offline-extract';
import { judgeOffline } from '../offline-judge';
import { rankOffline } from '../offline-rank';
import { summariseOffline } from '../offline-summarise';
import type { OperationRequest } from '../operations/operation';
import { estimateTokens } from '../prompts';
import type { Provider, ProviderCall, ProviderReply } from './provider';

/**
 * The offline provider: every operation by a real algorithm over the data it is
 * given (kNN voting, lexical rules, gazetteer and lexicon matching, similarity plus
 * overlap ranking, extractive summaries); deterministic and without network. It
 * reports the tokens the prompt and answer would have cost a model (about four
 * characters a token), so the price table can estimate a switch to one.
 */
export function createOfflineProvider(options: { readonly embedder: Embedder }): Provider {
  // Calls keep showing the same labelled examples (and rank the same candidates): each
  // text is embedded once, not once per call (~2,000 texts, a few MB).
  const embedder = rememberEmbeddings(options.embedder, 2048);
  return {
    name: 'offline',
    async invoke(call: ProviderCall): Promise<ProviderReply> {
      const output = await answer(embedder, call.request);
      const { prompt } = call;
      return {
        output,
        inputTokens: estimateTokens(prompt.system + prompt.instructions + prompt.data),
        outputTokens: estimateTokens(JSON.stringify(output)),
      };
    },
  };
}

async function answer(embedder: Embedder, request: OperationRequest): Promise<unknown> {
  switch (request.kind) {
    case 'classify':
      return classifyOffline(embedder, request);
    case 'judge':
      return judgeOffline(request);
    case 'extract':
      return extractOffline(request);
    case 'rank':
      return rankOffline(embedder, request);
    case 'summarise':
      return summariseOffline(request);
  }
}

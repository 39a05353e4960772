export { retrieveContext } from './retrieve-context';
export {
  type ContextRetrieverInput,
  ContextRetrieverInputSchema,
  type ContextRetrieverOutput,
  ContextRetrieverOutputSchema,
} from './schemas';

// The OpenAI-protocol test server lives in the runtime package (runtime/src/llm/testing)
// so that the runtime's own tests can import it without leaving their TypeScript
// project; this is the entry point for cross-package tests.
export * from '../../runtime/src/llm/testing/openai-test-server';

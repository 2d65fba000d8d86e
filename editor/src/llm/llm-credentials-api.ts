import { z } from 'zod';
import { authStateSchema, llmCredentialResponseSchema, llmCredentialsResponseSchema, type LlmCredentialPut, type LlmCredentialScope, type LlmCredentialsResponse, type LlmCredentialView, type Role } from '@coinlab/shared';
import { ApiError, requestJson } from '../api/http';

/** The stored providers (masked), the environment's, and which one the caller's calls use. */
export const fetchLlmCredentials = (): Promise<LlmCredentialsResponse> => requestJson('/llm/credentials', llmCredentialsResponseSchema);

export async function saveLlmCredential(scope: LlmCredentialScope, body: LlmCredentialPut): Promise<LlmCredentialView> {
  return (await requestJson(`/llm/credentials/${scope}`, llmCredentialResponseSchema, { method: 'PUT', body })).credential;
}

export async function removeLlmCredential(scope: LlmCredentialScope): Promise<void> {
  await requestJson(`/llm/credentials/${scope}`, z.object({ removed: z.boolean() }), { method: 'DELETE' });
}

/**
 * The signed-in user's role from GET /auth/state. A runtime without accounts (no such route,
 * or no user in the answer) is run by its one local owner.
 */
export async function fetchRole(): Promise<Role> {
  try {
    return (await requestJson('/auth/state', authStateSchema)).user?.role ?? 'owner';
  } catch (err) {
    if (err instanceof ApiError && err.status !== 404) console.warn(`coinlab: could not read the role (${err.message}); assuming owner`);
    return 'owner';
  }
}

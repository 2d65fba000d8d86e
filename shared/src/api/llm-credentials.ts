import { z } from 'zod';

/**
 * LLM provider credentials stored in the lab, besides the environment variables
 * (OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL, LLM_PRICES). Routes (under /api/v1):
 *
 *   GET    /llm/credentials        the caller's and the team's (masked) and what the environment sets
 *   PUT    /llm/credentials/team   owner/admin: the team's provider
 *   PUT    /llm/credentials/user   the caller's own provider
 *   DELETE /llm/credentials/team   owner/admin
 *   DELETE /llm/credentials/user
 *
 * An LLM call for a run, plan or agent session owned by a user uses that user's credentials,
 * else the team's, else the environment's. The API key is stored encrypted and never sent back:
 * answers carry only `keyMasked` (its last four characters).
 */
export const LLM_CREDENTIAL_SCOPES = ['team', 'user'] as const;
export const llmCredentialScopeSchema = z.enum(LLM_CREDENTIAL_SCOPES);
export type LlmCredentialScope = z.infer<typeof llmCredentialScopeSchema>;

/** Where an LLM call's provider comes from (`none`: nothing configured, the LLM is off). */
export const LLM_CONFIG_SOURCES = ['user', 'team', 'environment', 'none'] as const;
export const llmConfigSourceSchema = z.enum(LLM_CONFIG_SOURCES);
export type LlmConfigSource = z.infer<typeof llmConfigSourceSchema>;

/** USD per one million tokens for the credential's model (same unit as LLM_PRICES). */
export const llmCredentialPricesSchema = z.object({
  inputPerMTokens: z.number().nonnegative().max(1_000_000),
  outputPerMTokens: z.number().nonnegative().max(1_000_000),
});
export type LlmCredentialPrices = z.infer<typeof llmCredentialPricesSchema>;

/** A stored credential as clients see it: never the key itself. */
export const llmCredentialViewSchema = z.object({
  scope: llmCredentialScopeSchema,
  baseUrl: z.string(),
  model: z.string(),
  /** `sk-…abcd`: the last four characters only; null when stored without a key (a local server). */
  keyMasked: z.string().nullable(),
  prices: llmCredentialPricesSchema.optional(),
  /** The user who saved it last. */
  updatedBy: z.string(),
  /** ISO time. */
  updatedAt: z.string(),
});
export type LlmCredentialView = z.infer<typeof llmCredentialViewSchema>;

/** What the environment configures: never its key. */
export const llmEnvironmentViewSchema = z.object({
  configured: z.boolean(),
  baseUrl: z.string().nullable(),
  model: z.string().nullable(),
});

/** `GET /llm/credentials`. */
export const llmCredentialsResponseSchema = z.object({
  team: llmCredentialViewSchema.nullable(),
  user: llmCredentialViewSchema.nullable(),
  environment: llmEnvironmentViewSchema,
  /** What the caller's LLM calls use now. */
  source: llmConfigSourceSchema,
});
export type LlmCredentialsResponse = z.infer<typeof llmCredentialsResponseSchema>;

/** The longest key accepted (provider keys are far shorter; this bounds what is encrypted). */
export const LLM_API_KEY_MAX_LENGTH = 1000;

/**
 * `PUT /llm/credentials/{scope}`. `apiKey` absent keeps the stored key (editing the model
 * without retyping the key); `null` removes it (a local server that needs none).
 */
export const llmCredentialPutSchema = z.object({
  baseUrl: z
    .string()
    .trim()
    .max(2000)
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://localhost:11434/v1' })),
  model: z.string().trim().min(1, 'must not be empty').max(200),
  apiKey: z
    .string()
    .trim()
    .min(1, 'must not be empty (leave it out to keep the stored key)')
    .max(LLM_API_KEY_MAX_LENGTH)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .nullable()
    .optional(),
  prices: llmCredentialPricesSchema.optional(),
});
export type LlmCredentialPut = z.infer<typeof llmCredentialPutSchema>;

/** `PUT` answers with the stored credential (masked). */
export const llmCredentialResponseSchema = z.object({ credential: llmCredentialViewSchema });

/** `sk-…abcd`: the provider prefix when there is one, then the last four characters (none of a short key). */
export function maskApiKey(hint: { prefix: string; last4: string } | null): string | null {
  if (hint === null) return null;
  return `${hint.prefix}…${hint.last4}`;
}

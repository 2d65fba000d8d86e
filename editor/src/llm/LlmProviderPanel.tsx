import { useCallback, useEffect, useRef, useState } from 'react';
import type { LlmConfigSource, LlmCredentialPut, LlmCredentialScope, LlmCredentialsResponse, LlmCredentialView, Role } from '@coinlab/shared';
import { ApiError } from '../api/http';
import { fetchLlmCredentials, fetchRole, removeLlmCredential, saveLlmCredential } from './llm-credentials-api';
import './llm-provider.css';

interface Form {
  baseUrl: string;
  model: string;
  /** Typed by the user; empty keeps the stored key. Never filled from the server. */
  apiKey: string;
  inputPrice: string;
  outputPrice: string;
}
const EMPTY: Form = { baseUrl: '', model: '', apiKey: '', inputPrice: '', outputPrice: '' };

const formOf = (v: LlmCredentialView | null): Form =>
  v ? { baseUrl: v.baseUrl, model: v.model, apiKey: '', inputPrice: v.prices ? String(v.prices.inputPerMTokens) : '', outputPrice: v.prices ? String(v.prices.outputPerMTokens) : '' } : EMPTY;

const SOURCE_TEXT: Record<LlmConfigSource, string> = {
  user: 'your own provider',
  team: "the team's provider",
  environment: 'the server environment (OPENAI_BASE_URL / OPENAI_API_KEY)',
  none: 'nothing: no LLM is configured, agents and the planner run offline',
};

/** Problems found before sending, by field (the server checks again and names its own). */
function check(form: Form): { body: LlmCredentialPut | null; problems: Partial<Record<keyof Form, string>> } {
  const problems: Partial<Record<keyof Form, string>> = {};
  if (!/^https?:\/\/\S+$/.test(form.baseUrl.trim())) problems.baseUrl = 'an http(s) URL such as http://localhost:11434/v1';
  if (!form.model.trim()) problems.model = 'the model name, e.g. gpt-4o-mini';
  const price = (text: string, field: 'inputPrice' | 'outputPrice') => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) problems[field] = 'a number of USD ≥ 0';
    return n;
  };
  const hasPrices = form.inputPrice.trim() !== '' || form.outputPrice.trim() !== '';
  const prices = hasPrices ? { inputPerMTokens: price(form.inputPrice || '0', 'inputPrice'), outputPerMTokens: price(form.outputPrice || '0', 'outputPrice') } : undefined;
  if (Object.keys(problems).length) return { body: null, problems };
  return { body: { baseUrl: form.baseUrl.trim(), model: form.model.trim(), ...(form.apiKey.trim() ? { apiKey: form.apiKey.trim() } : {}), ...(prices ? { prices } : {}) }, problems };
}

/**
 * The LLM provider of the signed-in user ("Mine") or of the team (owner and admins): base URL,
 * model, API key and prices. A saved key is shown masked only (`sk-…abcd`); the key field
 * stays empty, and leaving it empty keeps the stored key.
 */
export function LlmProviderPanel() {
  const [state, setState] = useState<LlmCredentialsResponse | null>(null);
  const [role, setRole] = useState<Role>('owner');
  const [scope, setScope] = useState<LlmCredentialScope>('user');
  const [form, setForm] = useState<Form>(EMPTY);
  const [problems, setProblems] = useState<Partial<Record<keyof Form, string>>>({});
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const mayTeam = role === 'owner' || role === 'admin';
  // Typed since the form was last filled: the first load, answering after the person began
  // typing, must not wipe what they typed (Save then sent nothing).
  const edited = useRef(false);

  const load = useCallback(async (show: LlmCredentialScope, keepEdits = false) => {
    try {
      const next = await fetchLlmCredentials();
      setState(next);
      if (!(keepEdits && edited.current)) {
        edited.current = false;
        setForm(formOf(next[show]));
      }
    } catch (err) {
      setMessage({ text: err instanceof Error ? err.message : String(err), bad: true });
    }
  }, []);

  useEffect(() => {
    void load('user', true);
    void fetchRole().then(setRole);
  }, [load]);

  const pick = (next: LlmCredentialScope) => {
    setScope(next);
    edited.current = false;
    setForm(formOf(state?.[next] ?? null));
    setProblems({});
    setMessage(null);
  };
  const stored = state?.[scope] ?? null;
  const field = (key: keyof Form) => (e: { target: { value: string } }) => {
    edited.current = true;
    setForm((f) => ({ ...f, [key]: e.target.value }));
  };

  async function act(what: 'save' | 'remove') {
    setMessage(null);
    let body: LlmCredentialPut | null = null;
    if (what === 'save') {
      const checked = check(form);
      setProblems(checked.problems);
      if (!checked.body) return;
      body = checked.body;
    }
    setBusy(true);
    try {
      if (body) await saveLlmCredential(scope, body);
      else await removeLlmCredential(scope);
      await load(scope);
      setMessage({ text: what === 'save' ? 'Saved. The key is stored encrypted and shown masked only.' : 'Removed.', bad: false });
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) {
        const byField: Partial<Record<keyof Form, string>> = {};
        for (const p of err.problems) {
          const key = p.path === 'apiKey' ? 'apiKey' : p.path === 'baseUrl' ? 'baseUrl' : p.path === 'model' ? 'model' : p.path.startsWith('prices') ? 'inputPrice' : null;
          if (key) byField[key] = p.message;
        }
        setProblems(byField);
      }
      setMessage({ text: err instanceof Error ? err.message : String(err), bad: true });
    } finally {
      setBusy(false);
    }
  }

  const input = (key: keyof Form, label: string, props: { type?: string; placeholder?: string; autoComplete?: string; inputMode?: 'decimal'; title?: string; short?: string } = {}) => (
    <label className={`llm-field llm-field-${key}`}>
      <span title={label}>{props.short ?? label}</span>
      <input aria-label={label} value={form[key]} onChange={field(key)} aria-invalid={problems[key] ? true : undefined} type={props.type} placeholder={props.placeholder} autoComplete={props.autoComplete} inputMode={props.inputMode} title={props.title} />
      {problems[key] ? <small className="llm-problem">{problems[key]}</small> : null}
    </label>
  );

  return (
    <div className="llm-provider" data-testid="llm-provider">
      <div className="llm-head">
        <div className="seg" role="radiogroup" aria-label="Whose provider">
          <button role="radio" aria-checked={scope === 'user'} className={scope === 'user' ? 'active' : ''} onClick={() => pick('user')}>
            Mine
          </button>
          {mayTeam ? (
            <button role="radio" aria-checked={scope === 'team'} className={scope === 'team' ? 'active' : ''} onClick={() => pick('team')}>
              Team
            </button>
          ) : null}
        </div>
        <span className="muted llm-source" data-source={state?.source ?? ''}>
          {state ? <>Your LLM calls use {SOURCE_TEXT[state.source]}.</> : 'Loading…'}
          {state?.environment.configured ? <> Environment: {state.environment.model} at {state.environment.baseUrl}.</> : null}
        </span>
      </div>
      <form
        className="llm-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act('save');
        }}
      >
        {input('baseUrl', 'Base URL', { placeholder: 'https://api.openai.com/v1' })}
        {input('model', 'Model', { placeholder: 'gpt-4o-mini' })}
        {input('apiKey', 'API key', {
          type: 'password',
          autoComplete: 'new-password',
          placeholder: stored?.keyMasked ? `stored ${stored.keyMasked}` : 'none stored',
          title: stored?.keyMasked ? 'Leave empty to keep the stored key; type a new one to replace it' : 'Not needed for local servers such as Ollama',
        })}
        {input('inputPrice', 'Input $ / 1M tokens', { short: 'Input $/1M', inputMode: 'decimal', placeholder: 'default' })}
        {input('outputPrice', 'Output $ / 1M tokens', { short: 'Output $/1M', inputMode: 'decimal', placeholder: 'default' })}
        <div className="llm-actions">
          <button className="btn primary" type="submit" disabled={busy}>
            Save
          </button>
          <button className="btn ghost" type="button" disabled={busy || !stored} onClick={() => void act('remove')}>
            Remove
          </button>
        </div>
      </form>
      <div className="llm-foot">
        {stored ? (
          <span className="muted" data-testid="llm-stored">
            Stored key: <code data-testid="llm-key-masked">{stored.keyMasked ?? 'none'}</code> · saved {new Date(stored.updatedAt).toLocaleString()}
          </span>
        ) : (
          <span className="muted">{scope === 'team' ? 'No team provider stored.' : 'No provider of your own stored.'}</span>
        )}
        {message ? (
          <span className={message.bad ? 'llm-message bad' : 'llm-message'} role={message.bad ? 'alert' : 'status'}>
            {message.text}
          </span>
        ) : null}
      </div>
    </div>
  );
}

import { useEffect, useState } from 'react';
import type { CoinInfo } from '../api/views';
import type { FieldSpec } from './schema-fields';

export interface FieldProps {
  field: FieldSpec;
  value: unknown;
  onChange(value: unknown): void;
  invalid: boolean;
  coins: CoinInfo[] | null;
  id: string;
}

/** What clearing a field means: back to the default (unset), or null for nullable fields without one. */
function cleared(field: FieldSpec): unknown {
  return field.nullable && field.default === undefined ? null : undefined;
}

/** Text input whose draft survives invalid intermediate states ("1e", "-"), resynced on outside changes (undo). */
function useDraft(value: unknown, format: (v: unknown) => string): [string, (s: string) => void] {
  const [text, setText] = useState(() => format(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (format(value) !== text) setText(format(value));
  }
  return [text, setText];
}

const asText = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v));

export function NumberField({ field, value, onChange, invalid, id }: FieldProps) {
  const [text, setText] = useDraft(value, asText);
  return (
    <input
      id={id}
      type="text"
      inputMode="decimal"
      className={invalid ? 'invalid' : ''}
      value={text}
      placeholder={field.default !== undefined ? String(field.default) : ''}
      onChange={(e) => {
        setText(e.target.value);
        const t = e.target.value.trim();
        if (t === '') onChange(cleared(field));
        else {
          const n = Number(t);
          onChange(Number.isNaN(n) ? t : n);
        }
      }}
    />
  );
}

/** A name from a short list or a number ("sqrt", "log2", 0.5, 4): a text box that suggests the names. */
export function EnumOrNumberField({ field, value, onChange, invalid, id }: FieldProps) {
  const [text, setText] = useDraft(value, asText);
  const listId = `${id}-choices`;
  return (
    <>
      <input
        id={id}
        type="text"
        list={listId}
        className={invalid ? 'invalid' : ''}
        value={text}
        placeholder={field.default !== undefined ? String(field.default) : [...(field.options ?? []), 'a number'].join(', ')}
        onChange={(e) => {
          setText(e.target.value);
          const t = e.target.value.trim();
          onChange(t === '' ? cleared(field) : Number.isNaN(Number(t)) ? t : Number(t));
        }}
      />
      <datalist id={listId}>
        {(field.options ?? []).map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
    </>
  );
}

export function EnumField({ field, value, onChange, invalid, id }: FieldProps) {
  const options = field.options ?? [];
  const optional = !field.required;
  return (
    <select id={id} className={invalid ? 'invalid' : ''} value={asText(value)} onChange={(e) => onChange(e.target.value === '' ? cleared(field) : e.target.value)}>
      {(optional || value === undefined) && <option value="">{field.default !== undefined ? `default (${String(field.default)})` : '—'}</option>}
      {value !== undefined && value !== null && !options.includes(String(value)) && <option value={asText(value)}>{asText(value)} (invalid)</option>}
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}

export function BooleanField({ field, value, onChange, id }: FieldProps) {
  const checked = typeof value === 'boolean' ? value : field.default === true;
  return (
    <label className="switch">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="switch-track" />
      <span className="switch-label">{checked ? 'on' : 'off'}</span>
    </label>
  );
}

export function StringField({ field, value, onChange, invalid, id }: FieldProps) {
  const common = {
    id,
    className: invalid ? 'invalid' : '',
    value: asText(value),
    placeholder: field.default !== undefined ? String(field.default) : '',
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value === '' && !field.required ? cleared(field) : e.target.value),
  };
  return field.kind === 'textarea' ? <textarea rows={5} {...common} /> : <input type="text" {...common} />;
}

/** Source code: monospace, no spell check, and the default (a worked example) as the text to edit, not a faint placeholder. */
export function CodeField({ field, value, onChange, invalid, id }: FieldProps) {
  const text = value === undefined || value === null ? asText(field.default) : asText(value);
  return (
    <textarea
      id={id}
      className={`code-field${invalid ? ' invalid' : ''}`}
      rows={12}
      spellCheck={false}
      autoCapitalize="off"
      autoCorrect="off"
      value={text}
      onChange={(e) => onChange(e.target.value === '' && !field.required ? cleared(field) : e.target.value)}
    />
  );
}

export function DateField({ field, value, onChange, invalid, id }: FieldProps) {
  const text = asText(value);
  const plainDate = text === '' || /^\d{4}-\d{2}-\d{2}$/.test(text);
  return (
    <div className="date-field">
      <input
        id={id}
        type={plainDate ? 'date' : 'text'}
        className={invalid ? 'invalid' : ''}
        value={text}
        onChange={(e) => onChange(e.target.value === '' ? cleared(field) : e.target.value)}
      />
      {text !== '' && !field.required && (
        <button type="button" className="icon-btn" title="Clear" onClick={() => onChange(cleared(field))}>
          ×
        </button>
      )}
    </div>
  );
}

function coinTitle(c: CoinInfo): string {
  const range = c.firstTs && c.lastTs ? `${new Date(c.firstTs).toISOString().slice(0, 10)} – ${new Date(c.lastTs).toISOString().slice(0, 10)}` : '';
  return `${c.coin}${c.rows !== undefined ? ` · ${c.rows.toLocaleString()} rows` : ''}${range ? ` · ${range}` : ''}`;
}

export function CoinField({ field, value, onChange, invalid, coins, id }: FieldProps) {
  if (!coins) return <StringField field={field} value={value} onChange={onChange} invalid={invalid} coins={coins} id={id} />;
  const text = asText(value);
  return (
    <select id={id} className={invalid ? 'invalid' : ''} value={text} onChange={(e) => onChange(e.target.value === '' ? cleared(field) : e.target.value)}>
      <option value="">{field.default !== undefined ? `default (${String(field.default)})` : 'Choose a coin…'}</option>
      {text && !coins.some((c) => c.coin === text) && <option value={text}>{text} (no data)</option>}
      {coins.map((c) => (
        <option key={c.coin} value={c.coin} title={coinTitle(c)}>
          {c.coin}
        </option>
      ))}
    </select>
  );
}

export function CoinsField({ field, value, onChange, invalid, coins, id }: FieldProps) {
  const list = Array.isArray(value) ? value.map(String) : value === undefined && Array.isArray(field.default) ? field.default.map(String) : [];
  if (!coins) return <StringListField field={field} value={value} onChange={onChange} invalid={invalid} coins={coins} id={id} />;
  const available = coins.filter((c) => !list.includes(c.coin));
  return (
    <div className={`chips${invalid ? ' invalid' : ''}`}>
      {list.map((coin) => (
        <span key={coin} className={`chip${coins.some((c) => c.coin === coin) ? '' : ' chip-bad'}`}>
          {coin}
          <button type="button" aria-label={`Remove ${coin}`} onClick={() => onChange(list.filter((c) => c !== coin))}>
            ×
          </button>
        </span>
      ))}
      {available.length > 0 && (
        <select
          id={id}
          className="chip-add"
          value=""
          onChange={(e) => {
            if (e.target.value) onChange([...list, e.target.value]);
          }}
        >
          <option value="">+ coin</option>
          {available.map((c) => (
            <option key={c.coin} value={c.coin} title={coinTitle(c)}>
              {c.coin}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

const listText = (v: unknown): string => (Array.isArray(v) ? v.map((x) => String(x)).join(', ') : asText(v));

export function StringListField({ field, value, onChange, invalid, id }: FieldProps) {
  const [text, setText] = useDraft(value, listText);
  return (
    <input
      id={id}
      type="text"
      className={invalid ? 'invalid' : ''}
      value={text}
      placeholder={Array.isArray(field.default) ? field.default.join(', ') : 'comma separated'}
      onChange={(e) => {
        setText(e.target.value);
        const items = e.target.value.split(',').map((s) => s.trim()).filter(Boolean);
        onChange(e.target.value.trim() === '' ? cleared(field) : items);
      }}
    />
  );
}

export function NumberListField({ field, value, onChange, invalid, id }: FieldProps) {
  const [text, setText] = useDraft(value, listText);
  return (
    <input
      id={id}
      type="text"
      className={invalid ? 'invalid' : ''}
      value={text}
      placeholder={Array.isArray(field.default) ? field.default.join(', ') : 'e.g. 1, 2, 3'}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() === '') return onChange(cleared(field));
        onChange(e.target.value.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (Number.isNaN(Number(s)) ? s : Number(s))));
      }}
    />
  );
}

export function EnumListField({ field, value, onChange, id }: FieldProps) {
  const list = Array.isArray(value) ? value.map(String) : Array.isArray(field.default) ? field.default.map(String) : [];
  return (
    <div className="check-list" id={id}>
      {(field.options ?? []).map((o) => (
        <label key={o} className="check">
          <input type="checkbox" checked={list.includes(o)} onChange={(e) => onChange(e.target.checked ? [...list, o] : list.filter((x) => x !== o))} />
          {o}
        </label>
      ))}
    </div>
  );
}

export function JsonField({ field, value, onChange, invalid, id }: FieldProps) {
  const fmt = (v: unknown): string => (v === undefined ? '' : JSON.stringify(v, null, 2));
  const [text, setText] = useDraft(value, fmt);
  const [bad, setBad] = useState<string | null>(null);
  useEffect(() => setBad(null), [value]);
  return (
    <>
      <textarea
        id={id}
        rows={4}
        className={`mono${invalid || bad ? ' invalid' : ''}`}
        value={text}
        placeholder={field.default !== undefined ? JSON.stringify(field.default) : 'JSON'}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          if (text.trim() === '') return onChange(cleared(field));
          try {
            onChange(JSON.parse(text));
          } catch (err) {
            setBad(err instanceof Error ? err.message : 'invalid JSON');
          }
        }}
      />
      {bad && <div className="field-error">must be valid JSON ({bad})</div>}
    </>
  );
}

import { memo, useMemo, useState, type ComponentType } from 'react';
import type { CatalogEntry } from '@coinlab/shared';
import type { CoinInfo } from '../api/views';
import { paramErrors } from './param-errors';
import { fieldsFor, type FieldKind, type FieldSpec } from './schema-fields';
import {
  BooleanField,
  CoinField,
  CoinsField,
  DateField,
  EnumField,
  EnumListField,
  EnumOrNumberField,
  JsonField,
  NumberField,
  NumberListField,
  StringField,
  StringListField,
  type FieldProps,
  CodeField,
} from './fields';
import './param-form.css';

const WIDGETS: Record<FieldKind, ComponentType<FieldProps>> = {
  number: NumberField,
  integer: NumberField,
  enum: EnumField,
  boolean: BooleanField,
  string: StringField,
  textarea: StringField,
  code: CodeField,
  date: DateField,
  coin: CoinField,
  coins: CoinsField,
  'string-list': StringListField,
  'number-list': NumberListField,
  'enum-list': EnumListField,
  'enum-or-number': EnumOrNumberField,
  json: JsonField,
};

function boundsText(f: FieldSpec): string | null {
  if (f.kind === 'number' || f.kind === 'integer') {
    const lo = f.min !== undefined ? `${f.exclusiveMin ? '>' : '≥'} ${f.min}` : null;
    const hi = f.max !== undefined ? `${f.exclusiveMax ? '<' : '≤'} ${f.max}` : null;
    const kind = f.kind === 'integer' ? 'whole number' : 'number';
    return [kind, lo, hi].filter(Boolean).join(', ');
  }
  if (f.minItems !== undefined || f.maxItems !== undefined) {
    return `${f.minItems ?? 0}–${f.maxItems ?? '∞'} items`;
  }
  return null;
}

export interface ParamFormProps {
  entry: CatalogEntry;
  params: Record<string, unknown>;
  onChange(key: string, value: unknown): void;
  coins: CoinInfo[] | null;
  /** Prefix for element ids (unique per node). */
  idPrefix: string;
}

/** The params form of one node, generated from its schema, with inline errors. */
export const ParamForm = memo(function ParamForm({ entry, params, onChange, coins, idPrefix }: ParamFormProps) {
  const fields = fieldsFor(entry);
  const errors = useMemo(() => paramErrors(entry, params), [entry, params]);
  const [showAdvanced, setShowAdvanced] = useState(false);
  const basic = fields.filter((f) => !f.advanced);
  const advanced = fields.filter((f) => f.advanced);
  const rootErrors = errors.get('');

  const render = (f: FieldSpec) => {
    const Widget = WIDGETS[f.kind];
    const fieldErrors = errors.get(f.key);
    const id = `${idPrefix}-${f.key}`;
    const bounds = boundsText(f);
    return (
      <div className={`field${fieldErrors ? ' has-error' : ''}`} key={f.key} data-param={f.key}>
        <label className="field-label" htmlFor={id}>
          {f.label}
          {f.required && <span className="req" title="required">*</span>}
          {bounds && <span className="field-bounds">{bounds}</span>}
        </label>
        <Widget field={f} value={params[f.key]} onChange={(v) => onChange(f.key, v)} invalid={!!fieldErrors} coins={coins} id={id} />
        {fieldErrors?.map((m, i) => (
          <div className="field-error" key={i} role="alert">
            {m}
          </div>
        ))}
        {(f.description || f.help) && <div className="field-help">{f.help ?? f.description}</div>}
      </div>
    );
  };

  if (!fields.length) return <div className="muted pad">This node has no parameters.</div>;
  return (
    <form className="param-form" onSubmit={(e) => e.preventDefault()} aria-label={`${entry.ui.title} parameters`}>
      {rootErrors?.map((m, i) => (
        <div className="field-error" key={i}>
          {m}
        </div>
      ))}
      {basic.map(render)}
      {advanced.length > 0 && (
        <>
          <button type="button" className="link-btn" onClick={() => setShowAdvanced(!showAdvanced)}>
            {showAdvanced ? '▾' : '▸'} Advanced ({advanced.length})
          </button>
          {(showAdvanced || advanced.some((f) => errors.has(f.key))) && advanced.map(render)}
        </>
      )}
    </form>
  );
});

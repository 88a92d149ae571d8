import type { ProtectedDataInput } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { TextArea, TextField } from '../../ui/Field';

export type ProtectedValues = Required<{ [K in keyof ProtectedDataInput]: string }>;

export const PROTECTED_FIELDS: (keyof ProtectedValues)[] = [
  'legalName',
  'passportNationality',
  'phone',
  'emergencyContact',
  'travelNeeds',
  'visaSupportNeeds',
  'dietaryNeeds',
  'accessibilityNeeds',
];
const LONG = new Set<keyof ProtectedValues>(['travelNeeds', 'visaSupportNeeds', 'dietaryNeeds', 'accessibilityNeeds']);

export function emptyProtected(from?: Partial<Record<keyof ProtectedValues, string | null>> | null): ProtectedValues {
  return Object.fromEntries(PROTECTED_FIELDS.map((f) => [f, from?.[f] ?? ''])) as ProtectedValues;
}

/**
 * The participant's sensitive details, clearly marked: encrypted on the server and readable only by
 * the organisers (each reading recorded) and the person. Kept in memory only, never in browser storage.
 */
export function ProtectedFields({ values, onChange, errorFor }: { values: ProtectedValues; onChange: (next: ProtectedValues) => void; errorFor: (field: string) => string | undefined }) {
  const { t } = useI18n();
  return (
    <fieldset className="ws-protected">
      <legend>
        {t('workshops.protected.legend')}
      </legend>
      <p className="ws-protected__note">{t('workshops.protected.note')}</p>
      {PROTECTED_FIELDS.map((field) => {
        const props = {
          key: field,
          label: t(`workshops.protected.${field}`),
          hint: t(`workshops.protected.${field}.hint`),
          optional: true,
          value: values[field],
          error: errorFor(field),
          maxLength: field === 'legalName' || field === 'passportNationality' || field === 'phone' ? 200 : 2000,
        };
        return LONG.has(field) ? (
          <TextArea {...props} rows={3} onChange={(e) => onChange({ ...values, [field]: e.target.value })} />
        ) : (
          <TextField
            {...props}
            type={field === 'phone' ? 'tel' : 'text'}
            autoComplete={field === 'phone' ? 'tel' : field === 'legalName' ? 'name' : 'off'}
            onChange={(e) => onChange({ ...values, [field]: e.target.value })}
          />
        );
      })}
    </fieldset>
  );
}

/** The values to send: every field, an empty one clearing what was stored. */
export function protectedInput(values: ProtectedValues): ProtectedDataInput {
  return Object.fromEntries(PROTECTED_FIELDS.map((f) => [f, values[f].trim() === '' ? null : values[f].trim()])) as ProtectedDataInput;
}

export function hasAnyProtected(values: ProtectedValues): boolean {
  return PROTECTED_FIELDS.some((f) => values[f].trim() !== '');
}

import { useState, type FormEvent } from 'react';
import type { WorkshopAdmission, WorkshopFormat, WorkshopQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { SelectField, TextArea, TextField } from '../../ui/Field';
import { useDraft } from '../../app/drafts';
import { formErrors } from '../../app/errors';
import { codes, fromLocalInput, readerTimeZone, toLocalInput } from './format';

export interface WorkshopFields {
  title: string;
  description: string;
  format: WorkshopFormat;
  venue: string | null;
  onlineUrl: string | null;
  city: string | null;
  country: string | null;
  startsAt: string | null;
  endsAt: string | null;
  timeZone: string;
  registrationDeadline: string | null;
  capacity: number;
  languages: string[];
  interpretation: string[];
  admission: WorkshopAdmission;
}

const FIELDS = ['title', 'description', 'format', 'venue', 'onlineUrl', 'city', 'country', 'startsAt', 'endsAt', 'timeZone', 'registrationDeadline', 'capacity', 'languages', 'interpretation', 'admission', 'organisationId'];

/** The workshop's own fields, for creating and editing. The description (long text) survives a reload. */
export function WorkshopForm({
  draftKey,
  initial,
  error,
  busy,
  submitLabel,
  before,
  onSubmit,
}: {
  draftKey: string;
  initial?: WorkshopQuery['workshop'];
  error: unknown;
  busy: boolean;
  submitLabel: string;
  before?: React.ReactNode;
  onSubmit: (fields: WorkshopFields) => void;
}) {
  const { t } = useI18n();
  const errors = formErrors(error, t);
  const [title, setTitle] = useState(initial?.title ?? '');
  const [description, setDescription] = useDraft(`${draftKey}.description`, initial?.description ?? '');
  const [format, setFormat] = useState<WorkshopFormat>(initial?.format ?? 'IN_PERSON');
  const [venue, setVenue] = useState(initial?.location?.venue ?? '');
  const [onlineUrl, setOnlineUrl] = useState(initial?.location?.onlineUrl ?? '');
  const [city, setCity] = useState(initial?.city ?? '');
  const [country, setCountry] = useState(initial?.country ?? '');
  const [startsAt, setStartsAt] = useState(toLocalInput(initial?.startsAt));
  const [endsAt, setEndsAt] = useState(toLocalInput(initial?.endsAt));
  const [deadline, setDeadline] = useState(toLocalInput(initial?.registrationDeadline));
  const [timeZone, setTimeZone] = useState(initial?.timeZone ?? readerTimeZone());
  const [capacity, setCapacity] = useState(String(initial?.capacity ?? 10));
  const [languages, setLanguages] = useState((initial?.languages ?? []).join(', '));
  const [interpretation, setInterpretation] = useState((initial?.interpretation ?? []).join(', '));
  const [admission, setAdmission] = useState<WorkshopAdmission>(initial?.admission ?? 'FIRST_COME');

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit({
      title: title.trim(),
      description,
      format,
      venue: venue.trim() || null,
      onlineUrl: onlineUrl.trim() || null,
      city: city.trim() || null,
      country: country.trim().toUpperCase() || null,
      startsAt: fromLocalInput(startsAt),
      endsAt: fromLocalInput(endsAt),
      timeZone: timeZone.trim(),
      registrationDeadline: fromLocalInput(deadline),
      capacity: Number.parseInt(capacity, 10),
      languages: codes(languages),
      interpretation: codes(interpretation),
      admission,
    });
  }

  const onlinePossible = format !== 'IN_PERSON';
  const inPerson = format !== 'ONLINE';
  return (
    <form onSubmit={submit} noValidate className="ws-form">
      <Alert messages={errors.general(FIELDS)} />
      {before}
      <TextField label={t('workshops.form.title')} value={title} onChange={(e) => setTitle(e.target.value)} error={errors.field('title')} required maxLength={200} />
      <TextArea label={t('workshops.form.description')} hint={t('workshops.form.description.hint')} value={description} onChange={(e) => setDescription(e.target.value)} error={errors.field('description')} optional rows={6} />
      <div className="grid-2">
        <TextField label={t('workshops.form.startsAt')} type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} error={errors.field('startsAt')} required />
        <TextField label={t('workshops.form.endsAt')} type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} error={errors.field('endsAt')} required />
      </div>
      <p className="field__hint">{t('workshops.form.timesHint', { zone: readerTimeZone() })}</p>
      <TextField label={t('workshops.form.timeZone')} hint={t('workshops.form.timeZone.hint')} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} error={errors.field('timeZone')} required />
      <SelectField label={t('workshops.form.format')} value={format} onChange={(e) => setFormat(e.target.value as WorkshopFormat)} error={errors.field('format')}>
        {(['IN_PERSON', 'ONLINE', 'HYBRID'] as const).map((f) => (
          <option key={f} value={f}>
            {t(`workshops.format.${f}`)}
          </option>
        ))}
      </SelectField>
      {inPerson ? (
        <>
          <TextField label={t('workshops.form.venue')} hint={t('workshops.form.venue.hint')} value={venue} onChange={(e) => setVenue(e.target.value)} error={errors.field('venue')} optional maxLength={500} />
          <div className="grid-2">
            <TextField label={t('workshops.form.city')} value={city} onChange={(e) => setCity(e.target.value)} error={errors.field('city')} optional maxLength={100} />
            <TextField label={t('workshops.form.country')} hint={t('workshops.form.country.hint')} value={country} onChange={(e) => setCountry(e.target.value)} error={errors.field('country')} optional maxLength={2} />
          </div>
        </>
      ) : null}
      {onlinePossible ? (
        <TextField label={t('workshops.form.onlineUrl')} hint={t('workshops.form.venue.hint')} type="url" value={onlineUrl} onChange={(e) => setOnlineUrl(e.target.value)} error={errors.field('onlineUrl')} optional />
      ) : null}
      <div className="grid-2">
        <TextField label={t('workshops.form.capacity')} type="number" min={1} max={10000} inputMode="numeric" value={capacity} onChange={(e) => setCapacity(e.target.value)} error={errors.field('capacity')} required />
        <SelectField label={t('workshops.form.admission')} value={admission} onChange={(e) => setAdmission(e.target.value as WorkshopAdmission)} error={errors.field('admission')}>
          {(['FIRST_COME', 'BY_APPLICATION'] as const).map((a) => (
            <option key={a} value={a}>
              {t(`workshops.admission.${a}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField label={t('workshops.form.deadline')} type="datetime-local" value={deadline} onChange={(e) => setDeadline(e.target.value)} error={errors.field('registrationDeadline')} optional />
      <div className="grid-2">
        <TextField label={t('workshops.form.languages')} hint={t('workshops.form.languages.hint')} value={languages} onChange={(e) => setLanguages(e.target.value)} error={errors.field('languages')} optional />
        <TextField label={t('workshops.form.interpretation')} hint={t('workshops.form.languages.hint')} value={interpretation} onChange={(e) => setInterpretation(e.target.value)} error={errors.field('interpretation')} optional />
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

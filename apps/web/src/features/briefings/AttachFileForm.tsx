import { useState, type FormEvent } from 'react';
import { describeFailure, failuresOf, requestJson } from '../../app/errors';
import { useI18n } from '../../i18n/i18n';
import { TextField } from '../../ui/Field';

/** The kinds the API accepts (it tells them by their first bytes); the picker offers only these. */
const ACCEPTED = [
  { contentType: 'application/pdf', extensions: ['.pdf'] },
  { contentType: 'image/png', extensions: ['.png'] },
  { contentType: 'image/jpeg', extensions: ['.jpg', '.jpeg'] },
  { contentType: 'image/gif', extensions: ['.gif'] },
  { contentType: 'image/webp', extensions: ['.webp'] },
  { contentType: 'application/msword', extensions: ['.doc'] },
  { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['.docx'] },
  { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['.xlsx'] },
  { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['.pptx'] },
  { contentType: 'application/vnd.oasis.opendocument.text', extensions: ['.odt'] },
  { contentType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['.ods'] },
  { contentType: 'application/vnd.oasis.opendocument.presentation', extensions: ['.odp'] },
];
const ACCEPT = ACCEPTED.flatMap((kind) => [kind.contentType, ...kind.extensions]).join(',');

export interface UploadedAttachment {
  id: string;
  filename: string;
}

/**
 * Adds a file to the briefing, for its source (the API decides, and says so in words when it refuses).
 * A refusal is shown beside the file input and leaves the chosen file and the list as they were.
 */
export function AttachFileForm({ briefingId, onAttached }: { briefingId: string; onAttached: () => Promise<unknown> }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  // A new key empties the file input once its file is attached.
  const [inputKey, setInputKey] = useState(0);
  const [uploading, setUploading] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    if (!file) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setFailure(null);
    setUploading(true);
    try {
      const attachment = await requestJson<UploadedAttachment>(`/briefings/${encodeURIComponent(briefingId)}/attachments?filename=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: file,
      });
      await onAttached().catch(() => undefined);
      setFile(null);
      setInputKey((k) => k + 1);
      setDone(t('briefings.attach.done', { filename: attachment.filename }));
    } catch (error) {
      setFailure(error);
    } finally {
      setUploading(false);
    }
  };

  // The file input is the only field: every refusal (the file, its name, the permission) belongs beside it.
  const messages = [...(missing ? [t('briefings.attach.pickFile')] : []), ...failuresOf(failure).map((f) => describeFailure(f, t))];
  return (
    <form className="attach-file" onSubmit={(e) => void submit(e)}>
      <TextField
        key={inputKey}
        type="file"
        name="file"
        accept={ACCEPT}
        disabled={uploading}
        label={t('briefings.attach.file')}
        hint={`${t('briefings.attach.kinds')} ${t('briefings.attach.readers')}`}
        error={messages.length > 0 ? messages.join(' ') : undefined}
        onChange={(e) => {
          setFile(e.target.files?.[0] ?? null);
          setMissing(false);
          setFailure(null);
          setDone('');
        }}
      />
      <button type="submit" className="primary" disabled={uploading}>
        {uploading ? t('briefings.attach.uploading') : t('briefings.attach.submit')}
      </button>
      <p role="status" className={done ? 'success' : 'visually-hidden'}>
        {done}
      </p>
    </form>
  );
}

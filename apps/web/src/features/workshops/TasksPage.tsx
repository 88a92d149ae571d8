import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { formErrors } from '../../app/errors';
import type { WorkshopTasksQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Alert, ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { Page, QueryState } from '../../ui/Page';
import { DeleteTaskDocument, SaveTaskDocument, WorkshopTasksDocument } from './operations';
import './workshops.css';

type Task = WorkshopTasksQuery['workshopTasks']['edges'][number]['node'];
type Organiser = NonNullable<WorkshopTasksQuery['workshop']['organisers']>[number];

/** The organisers' logistics list: add a task, give it to one of the organisers, tick it off. */
export function TasksPage() {
  const { id = '' } = useParams();
  const { t, compare } = useI18n();
  const { data, loading, error, refetch } = useQuery(WorkshopTasksDocument, { variables: { workshopId: id } });
  const organisers = useMemo(() => {
    const unique = new Map((data?.workshop.organisers ?? []).map((o) => [o.userId, o]));
    return [...unique.values()].sort((a, b) => compare(a.displayName, b.displayName));
  }, [data, compare]);
  const tasks = useMemo(
    () => [...(data?.workshopTasks.edges.map((e) => e.node) ?? [])].sort((a, b) => Number(a.done) - Number(b.done) || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || compare(a.title, b.title)),
    [data, compare],
  );
  const w = data?.workshop;
  return (
    <Page title={w ? t('workshops.tasks.titleFor', { title: w.title }) : t('workshops.tasks.title')}>
      <p>
        <Link to={`/workshops/${id}`}>{t('workshops.backToWorkshop')}</Link>
      </p>
      <QueryState loading={loading && !data} error={error} onRetry={() => void refetch()} />
      {w && !w.viewerIsOrganiser ? <p className="notice">{t('workshops.organisersOnly')}</p> : null}
      {w?.viewerIsOrganiser ? (
        <>
          <NewTask workshopId={id} organisers={organisers} onAdded={() => void refetch()} />
          <h2>{t('workshops.tasks.list')}</h2>
          {tasks.length === 0 ? <p className="muted">{t('workshops.tasks.none')}</p> : null}
          <ul className="list">
            {tasks.map((task) => (
              <TaskRow key={task.id} workshopId={id} task={task} organisers={organisers} onChanged={() => void refetch()} />
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}

function NewTask({ workshopId, organisers, onAdded }: { workshopId: string; organisers: Organiser[]; onAdded: () => void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [assignee, setAssignee] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [added, setAdded] = useState(false);
  const [save, { loading, error }] = useMutation(SaveTaskDocument);
  const errors = formErrors(error, t);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setAdded(false);
    try {
      await save({ variables: { input: { workshopId, title: title.trim(), assigneeUserId: assignee || null, dueOn: dueOn || null } } });
      setTitle('');
      setDueOn('');
      setAdded(true);
      onAdded();
    } catch {
      // Shown beside the fields.
    }
  }
  return (
    <form className="card ws-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="ws-new-task">
      <h2 id="ws-new-task">{t('workshops.tasks.add')}</h2>
      <Alert messages={errors.general(['title', 'assigneeUserId', 'dueOn'])} />
      <TextField label={t('workshops.tasks.taskTitle')} value={title} onChange={(e) => setTitle(e.target.value)} error={errors.field('title')} required />
      <div className="grid-2">
        <SelectField label={t('workshops.tasks.assignee')} value={assignee} onChange={(e) => setAssignee(e.target.value)} error={errors.field('assigneeUserId')} optional>
          <option value="">{t('workshops.tasks.nobody')}</option>
          {organisers.map((o) => (
            <option key={o.userId} value={o.userId}>
              {o.displayName}
            </option>
          ))}
        </SelectField>
        <TextField label={t('workshops.tasks.dueOn')} type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} error={errors.field('dueOn')} optional />
      </div>
      {added ? (
        <p className="success" role="status">
          {t('workshops.tasks.added')}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={loading}>
        {t('workshops.tasks.addSubmit')}
      </button>
    </form>
  );
}

function TaskRow({ workshopId, task, organisers, onChanged }: { workshopId: string; task: Task; organisers: Organiser[]; onChanged: () => void }) {
  const { t, formatDate } = useI18n();
  const [save, saving] = useMutation(SaveTaskDocument);
  const [remove, removing] = useMutation(DeleteTaskDocument);
  // Shown at once; put back if the API refuses.
  const [done, setDone] = useState(task.done);
  const change = (patch: Partial<Pick<Task, 'done' | 'assigneeUserId'>>) => {
    if (patch.done !== undefined) setDone(patch.done);
    void save({
      variables: {
        input: { id: task.id, workshopId, title: task.title, dueOn: task.dueOn, assigneeUserId: task.assigneeUserId, done: task.done, ...patch },
      },
    })
      .then(onChanged)
      .catch(() => setDone(task.done));
  };
  return (
    <li className={`card ws-task${done ? ' ws-task--done' : ''}`}>
      <label className="check ws-task__title">
        <input type="checkbox" checked={done} onChange={(e) => change({ done: e.target.checked })} />
        <span>{task.title}</span>
      </label>
      <p className="meta">
        {task.dueOn ? <span>{t('workshops.tasks.due', { date: formatDate(`${task.dueOn}T12:00:00`) })}</span> : null}
        <span>{done ? t('workshops.tasks.done') : t('workshops.tasks.open')}</span>
      </p>
      <div className="ws-actions ws-task__actions">
        <SelectField
          label={t('workshops.tasks.assigneeOf', { title: task.title })}
          value={task.assigneeUserId ?? ''}
          disabled={saving.loading}
          onChange={(e) => change({ assigneeUserId: e.target.value || null })}
        >
          <option value="">{t('workshops.tasks.nobody')}</option>
          {organisers.map((o) => (
            <option key={o.userId} value={o.userId}>
              {o.displayName}
            </option>
          ))}
        </SelectField>
        <button type="button" className="danger" disabled={removing.loading} aria-label={t('workshops.tasks.deleteNamed', { title: task.title })} onClick={() => void remove({ variables: { id: task.id } }).then(onChanged).catch(() => undefined)}>
          {t('workshops.tasks.delete')}
        </button>
      </div>
      <ErrorMessage error={saving.error ?? removing.error} />
    </li>
  );
}

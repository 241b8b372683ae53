import { CsrfField } from './csrf-field.tsx';

/**
 * One small form: a POST with the form token, hidden fields and a button. The newsroom's
 * one-click actions are these (the curation page's pins, sections and breaking news; the
 * entities' confirm, reject, merge and undo), so they work without a script. `title` names the
 * button for screen readers too, where its label is a sign (↑, ✓).
 */
export function ActionForm({
  action,
  csrfToken,
  fields = {},
  label,
  title,
  disabled,
  kind,
}: {
  action: string;
  csrfToken: string;
  fields?: Record<string, string>;
  label: string;
  title?: string;
  disabled?: boolean;
  kind?: 'danger';
}) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={csrfToken} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        title={title}
        aria-label={title}
        disabled={disabled}
        class={kind ? `button--${kind}` : undefined}
      >
        {label}
      </button>
    </form>
  );
}

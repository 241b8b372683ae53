/** A message above a form: an error (role="alert"), or news of what was just done. */
export function Notice({ kind, children }: { kind: 'error' | 'done' | 'info'; children: string | undefined }) {
  if (!children) return null;
  return (
    <p class={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

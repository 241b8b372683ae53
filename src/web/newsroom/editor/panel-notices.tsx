/**
 * A side panel's answer to the last click: the refusal (an alert) or, when there is none, what
 * was done (a status).
 */
export function PanelNotices({ error, notice }: { error: string | null; notice: string | null }) {
  if (error) {
    return (
      <p class="notice notice--error" role="alert">
        {error}
      </p>
    );
  }
  return notice ? (
    <p class="notice notice--ok" role="status">
      {notice}
    </p>
  ) : null;
}

/** A short success message after a redirect (e.g. ?notice=key or ?done=key): a success alert, read out first. */
export function Notice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div className="alert alert-success" role="status">
      <div className="alert-body">
        <p className="alert-text">{text}</p>
      </div>
    </div>
  );
}

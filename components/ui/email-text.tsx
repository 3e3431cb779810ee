/** An email that, when it must wrap, wraps before the @ rather than mid-word. */
export function EmailText({ email }: { email: string }) {
  const at = email.indexOf("@");
  if (at < 0) return <span className="break-all">{email}</span>;
  return (
    <span className="break-words">
      {email.slice(0, at)}
      <wbr />@{email.slice(at + 1)}
    </span>
  );
}

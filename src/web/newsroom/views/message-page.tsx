/** A page that only says something: a refusal, a missing page, a link that no longer works. */
export function MessagePage({
  title,
  text,
  link,
}: {
  title: string;
  text: string;
  link?: { href: string; label: string };
}) {
  return (
    <section class="panel panel--narrow">
      <h1>{title}</h1>
      <p>{text}</p>
      {link && (
        <p>
          <a href={link.href}>{link.label}</a>
        </p>
      )}
    </section>
  );
}

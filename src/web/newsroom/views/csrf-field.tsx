/** The hidden form token every state-changing form carries (checked by @fastify/csrf-protection). */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

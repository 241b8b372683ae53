/**
 * A newsroom rule said no: a stable code for programs, the reason in English and in Arabic
 * for people, and the HTTP status the API answers with. The workflow, the permission policy
 * and the newsroom's store all throw subclasses of this, so that one handler can turn any of
 * them into `{ error: { code, message, messageAr } }` or an Arabic message in the newsroom.
 */
export class NewsroomError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly messageAr: string,
    readonly status: 400 | 403 | 404 | 409,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

import type { User } from '../../../newsroom/accounts.ts';
import { ROLE_NAMES } from '../../../newsroom/roles.ts';
import { mayManageUsers } from '../signed-in-user.ts';
import { Notice } from './notice.tsx';

export function HomePage({ user }: { user: User }) {
  return (
    <section class="panel" aria-labelledby="home-title">
      <h1 id="home-title">مرحبا، {user.displayName}</h1>
      <p class="lead">
        دورك في غرفة الأخبار: <strong>{ROLE_NAMES[user.role]}</strong>
      </p>
      {user.mustChangePassword && (
        <Notice kind="error">كلمة المرور الحالية مؤقتة: اختر كلمة مرور جديدة من صفحة حسابك.</Notice>
      )}
      {user.demo && <Notice kind="info">هذا حساب تجريبي، كلمة مروره منشورة في دليل المشروع.</Notice>}
      <ul class="links">
        <li>
          <a href="/newsroom/media">مكتبة الصور: رفع الصور ووصفها والبحث فيها</a>
        </li>
        <li>
          <a href="/newsroom/account">حسابي: كلمة المرور والجلسات</a>
        </li>
        {mayManageUsers(user) && (
          <li>
            <a href="/newsroom/users">المستخدمون: إضافة حساب، تعطيله، رابط لتعيين كلمة المرور</a>
          </li>
        )}
        <li>
          <a href="/">الموقع كما يراه القراء</a>
        </li>
      </ul>
    </section>
  );
}

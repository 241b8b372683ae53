/** The Arabic pages readers see when something is missing or broken. */
const MESSAGES: Record<number, { title: string; text: string }> = {
  400: { title: 'طلب غير صالح', text: 'تعذر فهم هذا الرابط. تحقق منه أو عد إلى الصفحة الرئيسية.' },
  404: { title: 'الصفحة غير موجودة', text: 'لم نعثر على ما تبحث عنه. ربما نُقل الخبر أو تغير رابطه.' },
  413: { title: 'طلب أكبر من المسموح', text: 'ما أرسلته أكبر مما يقبله الموقع: التعليق لا يتجاوز 5,000 حرف.' },
  429: { title: 'طلبات كثيرة', text: 'أرسلت طلبات كثيرة في وقت قصير. انتظر بضع ثوان ثم أعد المحاولة.' },
  500: { title: 'حدث خطأ', text: 'حدث خلل من جهتنا أثناء تحضير هذه الصفحة. أعد المحاولة بعد قليل.' },
};

export function errorTitle(status: number): string {
  return (MESSAGES[status] ?? MESSAGES[500])!.title;
}

export function ErrorPage({ status }: { status: number }) {
  const message = MESSAGES[status] ?? MESSAGES[500]!;
  return (
    <div class="error-page">
      <p class="code">{status}</p>
      <h1>{message.title}</h1>
      <p>{message.text}</p>
      <p>
        <a href="/">العودة إلى الصفحة الرئيسية</a>
      </p>
    </div>
  );
}

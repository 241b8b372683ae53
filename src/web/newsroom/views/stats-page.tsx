import { type AudienceReport, PERIODS, type Period } from '../../../audience/audience-report.ts';
import type { SearchTotal } from '../../../store/audience.ts';
import { BidiText } from '../../bidi-text.tsx';
import { articlePath } from '../../site/urls.ts';
import { ColumnChart, formatCount, Sparkline } from './svg-charts.tsx';

/**
 * /newsroom/stats: views of the site over the period (a column per hour or day), per section,
 * the most read articles (the first five with their own line), and what readers searched for,
 * with the searches that found nothing (articles the newsroom might write, or words to fix).
 */
export function StatsPage({ report, siteUrl }: { report: AudienceReport; siteUrl: string }) {
  const period = PERIODS[report.period];
  const maxSection = Math.max(1, ...report.sections.map((s) => s.views));
  return (
    <>
      <div class="stats-head">
        <h1>إحصاءات القراءة والبحث</h1>
        <nav class="period" aria-label="الفترة">
          {(Object.keys(PERIODS) as Period[]).map((key) => (
            <a
              key={key}
              href={`/newsroom/stats?period=${key}`}
              aria-current={key === report.period ? 'page' : undefined}
            >
              {PERIODS[key].label}
            </a>
          ))}
        </nav>
      </div>
      <p class="hint">
        مشاهدات القراء دون ملفات تعريف الارتباط ودون أي معطيات شخصية؛ لا تُحتسب زيارات برامج الزحف ولا التحميل المسبق.
        تُحدَّث الأرقام كل بضع ثوان.
      </p>

      <section class="panel" aria-labelledby="views-title">
        <h2 id="views-title">
          المشاهدات — {period.label}: <span class="stat-total">{formatCount(report.total)}</span>
        </h2>
        {report.total === 0 ? (
          <p class="empty">لا مشاهدات مسجلة في هذه الفترة بعد.</p>
        ) : (
          <ColumnChart
            points={report.series}
            label={`المشاهدات ${period.step === 'hour' ? 'في كل ساعة' : 'في كل يوم'}، ${period.label}`}
          />
        )}
      </section>

      <section class="panel" aria-labelledby="sections-title">
        <h2 id="sections-title">المشاهدات حسب القسم</h2>
        {report.sections.length === 0 ? (
          <p class="empty">لا مشاهدات بعد.</p>
        ) : (
          <ul class="section-bars">
            {report.sections.map(({ section, views }) => (
              <li key={section.id}>
                <span class="section-bars__name">{section.name}</span>
                <SectionBar share={views / maxSection} />
                <span class="section-bars__count">{formatCount(views)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="panel" aria-labelledby="top-title">
        <h2 id="top-title">الأكثر قراءة</h2>
        {report.topArticles.length === 0 ? (
          <p class="empty">لا مقالات مقروءة في هذه الفترة بعد.</p>
        ) : (
          <ol class="top-articles">
            {report.topArticles.map(({ article, views, series }) => (
              <li key={article.id}>
                <span class="top-articles__headline">
                  <a href={`/newsroom/articles/${article.id}`}>
                    <BidiText text={article.headline} />
                  </a>{' '}
                  <a class="top-articles__site" href={`${siteUrl}${articlePath(article)}`}>
                    على الموقع
                  </a>
                </span>
                {series.length > 0 && <Sparkline points={series} label={`مشاهدات «${article.headline}» عبر الفترة`} />}
                <span class="top-articles__views">{formatCount(views)} مشاهدة</span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <div class="stats-searches">
        <SearchTable id="searches-title" title="أكثر عبارات البحث" rows={report.topSearches} column="عدد مرات البحث" />
        <SearchTable
          id="zero-title"
          title="عمليات بحث بلا نتائج"
          rows={report.zeroResultSearches}
          column="مرات بلا نتيجة"
        />
      </div>
    </>
  );
}

function SearchTable({ id, title, rows, column }: { id: string; title: string; rows: SearchTotal[]; column: string }) {
  return (
    <section class="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p class="empty">لا شيء في هذه الفترة.</p>
      ) : (
        <table class="search-table">
          <thead>
            <tr>
              <th scope="col">العبارة</th>
              <th scope="col">{column}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.query}>
                <td>
                  <BidiText text={row.query} />
                </td>
                <td>{formatCount(row.searches)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * A section's share of the most viewed one's views, as a bar growing from the right. Drawn in
 * SVG: a style attribute would need 'unsafe-inline' in the newsroom's Content-Security-Policy.
 */
function SectionBar({ share }: { share: number }) {
  const width = Math.max(1, share * 100);
  return (
    <svg class="section-bars__track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
      <rect class="section-bars__bar" x={100 - width} width={width} height="10" />
    </svg>
  );
}

// The review round trip of the browser tests: a realistic review package built from the captured
// sample project (with one clause reworded by the officer, so it carries a redline), the example
// response of templates/examples/response.toml, and the diff the store makes between responses.
import type {
  ChecklistRequirement,
  ClauseAnswer,
  ContractorResponse,
  Issue,
  LibraryView,
  Project,
  ReviewClause,
  ReviewOpened,
  Source,
} from '../lib/backend/types';
import { bodyText, compose, decide } from './core-port';
import { evaluateChecklist } from './checklist-port';

/** The officer's rewording in the mock package: 直ちに -> 速やかに in 情報セキュリティが侵害された場合の対処. */
export const REWORDED = 'breach';

export function reviewProject(sample: Project): Project {
  const p: Project = JSON.parse(JSON.stringify(sample));
  const choice = p.clauses[REWORDED];
  if (choice) {
    choice.deviation_reason = '夜間・休日の体制を考慮し、報告の期限は別途定める時間内とするため。';
  }
  return p;
}

/** The review package of `project` (id, revision) as open_review returns it. */
export function buildReview(project: Project, library: LibraryView, id: number, revision: number, digest: string): ReviewOpened {
  const p = reviewProject(project);
  const breach = library.clauses.find((c) => c.id === REWORDED);
  if (breach && p.clauses[REWORDED]) {
    const standard = bodyText(compose(p, breach, p.lang).standard);
    p.clauses[REWORDED].custom_body = standard.replace('直ちに', '速やかに');
  }
  const decision = decide(p, library);
  const used = new Set<string>();
  const clauses: ReviewClause[] = decision.clauses
    .filter((d) => d.included)
    .map((d) => {
      const c = library.clauses.find((x) => x.id === d.clause_id)!;
      const composed = compose(p, c, p.lang);
      used.add(c.source);
      const values = p.clauses[c.id]?.params ?? {};
      return {
        id: c.id,
        version: c.version,
        group: c.group,
        mandatory: c.mandatory,
        heading: composed.heading,
        text: composed.parts,
        origin: composed.origin,
        standard: composed.standard,
        standard_origin: p.lang === 'ja' ? c.origin : (c.en.origin ?? 'translation'),
        source: c.source,
        based_on: (p.lang === 'ja' ? c.based_on_ja : c.based_on_en) ?? null,
        params: c.params.map((x) => ({
          name: x.name,
          label: p.lang === 'ja' ? x.label_ja : x.label_en,
          required: x.required,
          value: values[x.name]?.trim() ? (x.options.find((o) => o.value === values[x.name])?.[p.lang] ?? values[x.name]) : x.default_from === 'agency' ? p.agency : null,
        })),
        unfilled: composed.unfilled,
        supplements: composed.supplements,
        additions: composed.additions,
        deviation: composed.deviation
          ? {
              standard: composed.deviation.standard,
              edited: composed.deviation.edited,
              redline: composed.deviation.redline,
              inserted_chars: composed.deviation.inserted_chars,
              deleted_chars: composed.deviation.deleted_chars,
              reason: composed.deviation.reason,
            }
          : null,
        why: d.why,
      };
    });
  const sources: Record<string, Source> = {};
  for (const key of [...used].sort()) if (library.sources[key]) sources[key] = library.sources[key];

  const cl = library.checklist;
  const checked = evaluateChecklist(p, cl).decision;
  const items: ChecklistRequirement[] = checked.items
    .filter((d) => d.included)
    .map((d) => {
      const item = cl.items.find((i) => i.id === d.item_id)!;
      const category = cl.categories.find((c) => c.id === item.category);
      const sub = category?.subitem.find((s) => s.id === item.subitem);
      const stage = cl.stages.find((s) => s.id === item.stage);
      return {
        id: item.id,
        version: item.version,
        stage: stage ? stage.name_ja : item.stage,
        category_code: sub?.code ?? category?.code ?? '',
        category: category?.name_ja ?? item.category,
        subitem: sub?.name_ja ?? item.subitem,
        requirement: item.requirement_ja,
        origin: item.origin,
        based_on: item.based_on_ja,
        sources: item.sources,
        overridden: d.overridden,
        provisional: d.provisional,
      };
    });
  const unanswered = cl.questions.filter((q) => p.checklist?.profile?.[q.id] === undefined).map((q) => q.id);

  return {
    digest,
    package_id: `SECSPEC-${String(id).padStart(5, '0')}-REVIEW-R${revision}`,
    project: {
      project_id: id,
      revision,
      title: p.title,
      agency: p.agency,
      bureau: p.bureau,
      officer: p.officer,
      document_date: p.document_date,
      contract_start: p.contract_start,
      contract_end: p.contract_end,
      lang: p.lang,
      contract_kind: p.contract_kind,
      method: p.method,
      national_security: p.national_security,
      national_security_reason: p.national_security_reason,
      outsourcing: p.outsourcing,
      subcontracting: p.subcontracting,
      voluntary: p.voluntary,
      scope: decision.scope as ReviewOpened['project']['scope'],
      scope_why: decision.why,
      national_security_definition: null,
      library_version: library.version,
      checklist_version: cl.version,
    },
    clauses: { clauses, sources, translation_note: p.lang === 'ja' ? '' : library.translation_note_en },
    checklist: { version: cl.version, title: cl.title_ja, items, sources: {}, unanswered_questions: unanswered },
  };
}

/** templates/examples/response.toml as JSON: a complete response to the sample's package. */
export function exampleResponse(): ContractorResponse {
  const ack = { kind: 'acknowledge' as const, text: '' };
  return {
    clause_responses: {
      organization: ack,
      confidentiality: ack,
      breach: { kind: 'question', text: '「認知した時点から１時間以内」の報告は、夜間・休日も電話による第一報でよいか確認させてください。' },
      audit: { kind: 'acknowledge', text: '監査の14日前までの通知をお願いします。' },
      csirt: ack,
      verification: ack,
      insufficient: { kind: 'comment', text: '是正の期限は、是正内容の規模に応じて協議のうえ定めることを希望します。' },
      confirmation: ack,
      subcontracting: ack,
    },
    requirement_responses: {},
    profile: {
      company: '株式会社セキュア運用サービス',
      representative: { title: '代表取締役社長', name: '高橋 一郎' },
      executive: { name: '高橋 一郎', title: '代表取締役社長', involvement: '情報セキュリティ委員会の委員長として、年度計画と予算を承認し、重大なインシデントの対応を指揮する。' },
      security_organization: '代表取締役を最高情報セキュリティ責任者とし、情報セキュリティ委員会（月1回）を設置する。',
      csirt: { name: 'SOS-CSIRT', contact: 'csirt@example.co.jp（24時間受付）' },
      practitioners: [
        { name: '中村 美咲', qualification: '情報処理安全確保支援士（登録番号 000000）', how_knowledge_kept_current: '毎年の特定講習の受講と、社内の標的型攻撃訓練への参加。' },
        { name: '小林 健', qualification: 'ネットワークスペシャリスト試験合格、SOC 運用経験 8 年', how_knowledge_kept_current: '脆弱性情報の週次勉強会と外部セミナーへの年2回の参加。' },
      ],
      lifecycle_management: '発注者から受領した情報は受領台帳に記録し、暗号化した専用サーバにのみ保存する。',
      audit_acceptance: { departments: '運用部', places: '本社（東京都千代田区）及び運用監視センター', periods: '契約期間中及び契約終了後1年間', conditions: '実施日の14日前までに書面で通知いただくこと。' },
      subcontractors: [{ name: '株式会社ネットワーク保守', work: '夜間・休日の一次監視', security_measures: '本契約と同等の情報セキュリティ要件を再委託契約に定め、年1回の監査を行う。' }],
    },
    respondent: { name: '佐藤 花子', department: '営業部 官公庁担当', contact: 'sato@example.co.jp' },
  };
}

/** The same response after the agency's answer: the question on breach became an acknowledgement. */
export function revisedResponse(): ContractorResponse {
  const r = exampleResponse();
  r.clause_responses.breach = { kind: 'acknowledge', text: '夜間・休日は電話による第一報とすることで了承します。' };
  r.profile.csirt.contact = 'csirt@example.co.jp（24時間受付）、03-0000-0000';
  return r;
}

const MISSING = { ja: '入力してください（必須）', en: 'required' };

/** A port of ContractorResponse::check: invalid answers and blank required fields. */
export function checkResponse(r: ContractorResponse): Issue[] {
  const out: Issue[] = [];
  for (const [id, a] of Object.entries(r.clause_responses)) {
    if (a.kind !== 'acknowledge' && !a.text.trim()) {
      out.push({ severity: 'invalid', field: `clause_responses.${id}.text`, ja: '質問・意見には本文を入力してください', en: 'a question or comment needs its text' });
    }
  }
  const need = (field: string, v: string) => {
    if (!v.trim()) out.push({ severity: 'blocking', field, ...MISSING });
  };
  const p = r.profile;
  need('profile.company', p.company);
  need('profile.executive.name', p.executive.name);
  need('profile.executive.title', p.executive.title);
  need('profile.security_organization', p.security_organization);
  need('profile.csirt.name', p.csirt.name);
  need('profile.csirt.contact', p.csirt.contact);
  if (p.practitioners.length === 0) {
    out.push({
      severity: 'blocking',
      field: 'profile.practitioners',
      ja: '情報セキュリティに関する資格又は同等の知識を有する従事者を 1 名以上記載してください',
      en: 'list at least one practitioner with a security qualification or equivalent knowledge',
    });
  }
  p.practitioners.forEach((x, n) => {
    need(`profile.practitioners[${n}].name`, x.name);
    need(`profile.practitioners[${n}].qualification`, x.qualification);
    need(`profile.practitioners[${n}].how_knowledge_kept_current`, x.how_knowledge_kept_current);
  });
  need('profile.lifecycle_management', p.lifecycle_management);
  for (const k of ['departments', 'places', 'periods', 'conditions'] as const) need(`profile.audit_acceptance.${k}`, p.audit_acceptance[k]);
  p.subcontractors.forEach((x, n) => {
    need(`profile.subcontractors[${n}].name`, x.name);
    need(`profile.subcontractors[${n}].work`, x.work);
    need(`profile.subcontractors[${n}].security_measures`, x.security_measures);
  });
  need('respondent.name', r.respondent.name);
  need('respondent.contact', r.respondent.contact);
  return out;
}

/** Clause ids without answer in the review: blocking, as in the package crate. */
export function unansweredIssues(review: ReviewOpened, r: ContractorResponse): Issue[] {
  return review.clauses.clauses
    .filter((c) => !r.clause_responses[c.id])
    .map((c) => ({ severity: 'blocking' as const, field: `clause_responses.${c.id}`, ja: `「${c.heading}」に回答がありません`, en: `no answer to “${c.heading}”` }));
}

export function clauseAnswers(review: ReviewOpened, r: ContractorResponse): ClauseAnswer[] {
  return review.clauses.clauses.map((c) => ({
    clause_id: c.id,
    heading: c.heading,
    kind: r.clause_responses[c.id]?.kind ?? null,
    text: r.clause_responses[c.id]?.text ?? '',
  }));
}

/** The store's leaves: objects flattened, arrays whole, each clause response one value. */
function leaves(value: unknown, path: string[] = [], out = new Map<string, string>()): Map<string, string> {
  const isAnswer = path.length === 2 && path[0] === 'clause_responses';
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !isAnswer) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) leaves(v, [...path, k], out);
  } else {
    out.set('/responses/' + path.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/'), JSON.stringify(value));
  }
  return out;
}

export function diffResponses(old: ContractorResponse | null, now: ContractorResponse): { field: string; old: string; new: string }[] {
  const a = old ? leaves(old) : new Map<string, string>();
  const b = leaves(now);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k) => ({ field: k, old: a.get(k) ?? 'null', new: b.get(k) ?? 'null' }));
}

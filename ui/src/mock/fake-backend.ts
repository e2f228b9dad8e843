// The in-memory backend of the browser tests: every IPC command of src-tauri/src/commands.rs
// plus the dialog and opener plugins, fed by JSON captured from the Rust service.
import { routeIpcTo } from '../lib/backend/mock-ipc';
import type {
  ApiError,
  ChecklistImport,
  ContractorResponse,
  DocumentKind,
  ExportedFile,
  Format,
  GenerateRequest,
  GeneratedFile,
  GenerationRecord,
  HistoryItem,
  LibraryView,
  Preview,
  Project,
  ProjectListItem,
  ProjectState,
  PackageExport,
  ResponseImported,
  ResponseRecord,
  ResponseWritten,
  ReviewOpened,
} from '../lib/backend/types';
import libraryJson from '../../tests/fixtures/library.json';
import projectJson from '../../tests/fixtures/project.json';
import evaluationJson from '../../tests/fixtures/evaluation.json';
import previewSpecJson from '../../tests/fixtures/preview-spec.json';
import previewAnnexJson from '../../tests/fixtures/preview-annex.json';
import { documentKinds, evaluate, lint, storableIssues } from './core-port';
import { wareki as warekiDate } from '../lib/validate';
import { buildReview, checkResponse, clauseAnswers, diffResponses, exampleResponse, revisedResponse, unansweredIssues } from './review-package';

const library = libraryJson as unknown as LibraryView;
const sample = projectJson as unknown as ProjectState;
const previews: Partial<Record<DocumentKind, Preview>> = {
  specification: previewSpecJson as unknown as Preview,
  contract_annex: previewAnnexJson as unknown as Preview,
};

interface Stored {
  state: ProjectState;
  history: HistoryItem[];
  generations: GenerationRecord[];
  /** Review packages exported (newest last) and responses imported (oldest first). */
  exports: { path: string; digest: string; revision: number }[];
  responses: ResponseRecord[];
}

/** What the browser tests can look at and steer (window.__secspecMock). */
export interface MockControl {
  calls: { cmd: string; args: unknown }[];
  folder: string;
  /** Simulates another window saving the project (the next save from this one conflicts). */
  bumpRevision(id: number): void;
  /** Delay of generate(), so the progress indicator can be seen. */
  generateDelayMs: number;
  /** What the "save as" dialog answers (null: the officer cancels). */
  savePath: string | null;
  /** What the "open file" dialog answers (null: the officer cancels). */
  openPath: string | null;
  /** What the file dialogs answer when they ask for a package (*.secspec). */
  packagePath: string | null;
}

interface FileFilterArg {
  extensions: string[];
}
const isPackage = (filters: FileFilterArg[] | undefined) => (filters ?? []).some((f) => f.extensions.includes('secspec'));

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function err(code: ApiError['code'], ja: string, en: string, issues: ApiError['issues'] = []): ApiError {
  return { code, message_ja: ja, message_en: en, field: issues[0]?.field ?? null, issues };
}

/** A stable fake SHA-256 (hex) of a string, so the same content shows the same digest. */
function fakeSha(text: string): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; round < 8; round++) {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i) + round;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

function wareki(d: Date): string {
  const jst = new Date(d.getTime() + 9 * 3600 * 1000);
  const y = jst.getUTCFullYear();
  const n = y - 2018;
  const pad = (x: number) => String(x).padStart(2, '0');
  return `令和${n === 1 ? '元' : n}年${jst.getUTCMonth() + 1}月${jst.getUTCDate()}日 ${pad(jst.getUTCHours())}:${pad(jst.getUTCMinutes())}`;
}

export function createFakeBackend(now: () => Date = () => new Date()) {
  const projects = new Map<number, Stored>();
  let nextId = 1;
  const control: MockControl = {
    calls: [],
    folder: '/home/officer/文書/SecSpec出力',
    bumpRevision(id) {
      const s = projects.get(id);
      if (s) s.state.revision += 1;
    },
    generateDelayMs: 300,
    savePath: '/home/officer/文書/チェックリスト.xlsx',
    openPath: '/home/officer/文書/チェックリスト（記入済み）.xlsx',
    packagePath: '/home/contractor/受信/府省間ネットワーク運用監視業務.secspec',
  };

  const statusOf = (p: Project) => (lint(p, library).some((i) => i.severity !== 'warning') ? 'draft' : 'ready');

  function put(project: Project, at: Date, status?: string): ProjectState {
    const id = nextId++;
    const state: ProjectState = {
      id,
      project: clone(project),
      status: status ?? statusOf(project),
      revision: 1,
      updated_at: at.toISOString().replace(/\.\d+Z$/, 'Z'),
      updated_wareki: wareki(at),
    };
    projects.set(id, { state, history: [{ at: wareki(at), revision: 1, action: 'create', field: null, old_value: null, new_value: null }], generations: [], exports: [], responses: [] });
    return clone(state);
  }

  // The captured sample, plus two more so search and sort have something to work on.
  const base = new Date('2026-11-20T01:30:00Z');
  put(sample.project, new Date(sample.updated_at || base), sample.status);
  put({ ...clone(sample.project), title: 'ﾈｯﾄﾜｰｸ機器保守業務（半角ｶﾅ）', agency: '総務省', clauses: {} }, new Date('2026-10-02T03:00:00Z'));
  put({ ...clone(sample.project), title: '行政文書管理システム更改', agency: 'こども家庭庁', national_security: false, outsourcing: true, clauses: {} }, new Date('2026-11-21T06:15:00Z'));

  const get = (id: number) => {
    const s = projects.get(id);
    if (!s) throw err('not_found', `案件 ${id} はありません`, `no project ${id}`);
    return s;
  };

  const item = (s: ProjectState): ProjectListItem => ({
    id: s.id,
    title: s.project.title,
    agency: s.project.agency,
    status: s.status,
    revision: s.revision,
    updated_at: s.updated_at,
    updated_wareki: s.updated_wareki,
  });

  function touch(s: Stored) {
    const at = now();
    s.state.updated_at = at.toISOString().replace(/\.\d+Z$/, 'Z');
    s.state.updated_wareki = wareki(at);
  }

  const handlers: Record<string, (a: Record<string, unknown>) => unknown> = {
    app_info: () => ({ version: '0.1.0', library_version: library.version, database: '(mock)' }),
    library: () => clone(library),
    blank_project: (): Project => ({
      title: '',
      agency: '',
      bureau: '',
      officer: '',
      contract_kind: 'contracting',
      method: 'open_tender',
      national_security: true,
      national_security_reason: '',
      outsourcing: false,
      subcontracting: false,
      voluntary: false,
      document_date: '2026-11-23',
      contract_start: null,
      contract_end: null,
      lang: 'ja',
      clauses: {},
      checklist: { profile: {}, overrides: {}, answers: {} },
    }),
    list_projects: () => [...projects.values()].map((s) => item(s.state)),
    create_project: (a) => {
      const p = a.project as Project;
      const bad = storableIssues(p);
      if (bad.length) throw err('invalid', `${bad[0].field}: ${bad[0].ja}`, `${bad[0].field}: ${bad[0].en}`, bad);
      return put(p, now());
    },
    get_project: (a) => clone(get(a.id as number).state),
    save_project: (a) => {
      const s = get(a.id as number);
      const p = a.project as Project;
      if (a.revision !== s.state.revision) {
        throw err('conflict', `案件 ${s.state.id} は他で更新されています（版 ${s.state.revision}）`, `project ${s.state.id} was changed elsewhere (revision ${s.state.revision})`);
      }
      const bad = storableIssues(p);
      if (bad.length) throw err('invalid', `${bad[0].field}: ${bad[0].ja}`, `${bad[0].field}: ${bad[0].en}`, bad);
      const before = s.state.project as unknown as Record<string, unknown>;
      const after = p as unknown as Record<string, unknown>;
      const changed = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
      if (changed.length > 0) {
        s.state.revision += 1;
        touch(s);
        for (const k of changed) {
          s.history.push({ at: s.state.updated_wareki, revision: s.state.revision, action: 'update', field: k, old_value: JSON.stringify(before[k]), new_value: JSON.stringify(after[k]) });
        }
        s.state.project = clone(p);
        s.state.status = statusOf(p);
      }
      return clone(s.state);
    },
    duplicate_project: (a) => {
      const s = get(a.id as number);
      return put({ ...clone(s.state.project), title: `${s.state.project.title}（複製）` }, now());
    },
    delete_project: (a) => {
      get(a.id as number);
      projects.delete(a.id as number);
      return null;
    },
    evaluate: (a) => {
      const p = a.project as Project;
      // The captured sample answers with the real Rust evaluation; edits with the port.
      return JSON.stringify(p) === JSON.stringify(sample.project) ? clone(evaluationJson) : evaluate(p, library);
    },
    preview: (a) => {
      // The captured preview of the sample, with the title block of the project on screen
      // (the mock does not lay out documents; the Rust preview back end does).
      const kind = a.kind as DocumentKind;
      const p = a.project as Project;
      const out = clone((previews[kind] ?? previews.specification)!);
      const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
      const s = sample.project;
      out.html = out.html
        .replace(`<p class="subject">${esc(s.title)}</p>`, `<p class="subject">${esc(p.title)}</p>`)
        .replace(`<p class="right">${esc(`${s.agency} ${s.bureau}`)}</p>`, `<p class="right">${esc(`${p.agency} ${p.bureau}`.trim())}</p>`)
        .replace(`<p class="right">${warekiDate(s.document_date)}</p>`, `<p class="right">${warekiDate(p.document_date) ?? ''}</p>`);
      return { ...out, kind };
    },
    generate: async (a) => {
      const req = a.request as GenerateRequest;
      const s = get(req.id);
      const issues = lint(s.state.project, library).filter((i) => i.severity !== 'warning');
      if (!req.draft && issues.length) {
        throw { ...err('blocked', `最終版を作成できません（要対応 ${issues.length} 件）`, `cannot make final documents (${issues.length} blocking issue(s))`, issues), code: 'blocked' };
      }
      await new Promise((r) => setTimeout(r, control.generateDelayMs));
      const kinds = (req.kinds.length ? req.kinds : documentKinds(s.state.project)) as DocumentKind[];
      const formats = (req.formats.length ? req.formats : ['docx', 'pdf']) as Format[];
      const code: Record<DocumentKind, string> = {
        specification: 'spec',
        contract_annex: 'annex',
        subsidy_conditions: 'subsidy',
        checklist_report: 'checklist_report',
        confirmation: 'confirmation',
        audit_plan: 'audit_plan',
        performance_report: 'performance_report',
        incident_report: 'incident_report',
        check_report: 'check_report',
        basis: 'basis',
      };
      const files: GeneratedFile[] = [];
      for (const kind of kinds) {
        for (const format of formats) {
          const file_name = `SECSPEC-${String(s.state.id).padStart(4, '0')}-${code[kind].toUpperCase()}-R${s.state.revision}${req.draft ? '-draft' : ''}.${format}`;
          const sha256 = fakeSha(`${JSON.stringify(s.state.project)}|${kind}|${format}|${req.draft}`);
          const size_bytes = 20000 + (parseInt(sha256.slice(0, 4), 16) % 60000);
          files.push({ path: `${req.dir}/${file_name}`, file_name, kind, format, sha256, size_bytes });
          s.generations.unshift({
            file_name,
            kind,
            format,
            sha256,
            size_bytes,
            project_revision: s.state.revision,
            template_versions: `library ${library.version}; ${code[kind]} 1`,
            generated_at: wareki(now()),
          });
        }
      }
      if (!req.draft) s.state.status = 'generated';
      return files;
    },
    generations: (a) => clone(get(a.id as number).generations),
    history: (a) => [...get(a.id as number).history].reverse(),
    checklist_export: (a): ExportedFile => {
      const s = get(a.id as number);
      const path = a.path as string;
      if (!path.toLowerCase().endsWith('.xlsx')) throw err('failure', `${path}: 拡張子が .xlsx ではありません`, `${path}: not an .xlsx file`);
      const sha256 = fakeSha(`${JSON.stringify(s.state.project.checklist)}|${s.state.revision}|xlsx`);
      return { path, sha256, size_bytes: 18000 + (parseInt(sha256.slice(0, 4), 16) % 9000) };
    },
    checklist_import: (a): ChecklistImport => importChecklist(a.id as number, a.revision as number, a.path as string),
    package_export: (a): PackageExport => {
      const s = get(a.id as number);
      const path = a.path as string;
      if (!path.toLowerCase().endsWith('.secspec')) throw err('failure', `${path}: 拡張子が .secspec ではありません`, `${path}: not a .secspec file`);
      const digest = fakeSha(`review|${JSON.stringify(s.state.project)}|${s.state.revision}`);
      s.exports.push({ path, digest, revision: s.state.revision });
      s.history.push({ at: wareki(now()), revision: s.state.revision, action: 'export_package', field: null, old_value: null, new_value: digest });
      const review = openReviewAt(path);
      return { path, package_id: review.package_id, digest, size_bytes: 30000 + (parseInt(digest.slice(0, 4), 16) % 20000) };
    },
    open_review: (a) => openReviewAt(a.path as string),
    write_response: (a): ResponseWritten => {
      const review = openReviewAt(a.reviewPath as string);
      const response = a.response as ContractorResponse;
      const issues = usable(review, response);
      const outPath = a.outPath as string;
      const digest = fakeSha(`response|${review.digest}|${JSON.stringify(response)}`);
      written.set(outPath, { response: clone(response), reviewDigest: review.digest, digest });
      return { path: outPath, digest, issues };
    },
    contractor_documents: async (a): Promise<GeneratedFile[]> => {
      const review = openReviewAt(a.reviewPath as string);
      usable(review, a.response as ContractorResponse);
      await new Promise((r) => setTimeout(r, control.generateDelayMs));
      const dir = a.dir as string;
      const kinds: DocumentKind[] = ['confirmation', 'audit_plan', 'performance_report', 'incident_report'];
      return kinds.flatMap((kind) =>
        (['docx', 'pdf'] as Format[]).map((format) => {
          const file_name = `${review.package_id}-${kind.toUpperCase().replace(/_/g, '-')}.${format}`;
          const sha256 = fakeSha(`${JSON.stringify(a.response)}|${kind}|${format}`);
          return { path: `${dir}/${file_name}`, file_name, kind, format, sha256, size_bytes: 15000 + (parseInt(sha256.slice(0, 4), 16) % 30000) };
        }),
      );
    },
    import_response: (a): ResponseImported => {
      const s = get(a.id as number);
      const path = a.path as string;
      const last = s.exports[s.exports.length - 1];
      if (!last) {
        throw err(
          'invalid',
          `${path}: review-ref.json: この回答は、この案件から書き出していないパッケージへの回答です`,
          `${path}: review-ref.json: this response answers a package this project did not export`,
        );
      }
      // A response written in this session, else the example response (then its revision).
      const response = written.get(path)?.response ?? (s.responses.length === 0 ? exampleResponse() : revisedResponse());
      const digest = written.get(path)?.digest ?? fakeSha(`response|${path}|${s.responses.length}`);
      const review = buildReview(s.state.project, library, s.state.id, last.revision, last.digest);
      const previous = s.responses[s.responses.length - 1]?.response ?? null;
      const changes = diffResponses(previous, response);
      s.responses.push({ id: s.responses.length + 1, review_digest: last.digest, digest, imported_at: now().toISOString().replace(/\.\d+Z$/, 'Z'), response: clone(response) });
      const clauses = clauseAnswers(review, response);
      return {
        review_digest: last.digest,
        digest,
        response: clone(response),
        changes,
        clauses,
        open_questions: clauses.filter((c) => c.kind === 'question').length,
        issues: [...unansweredIssues(review, response), ...checkResponse(response)],
      };
    },
    responses: (a) => clone([...get(a.id as number).responses].reverse()),
    // The dialog plugin: a folder for the output step, a workbook for the checklist, a package.
    'plugin:dialog|open': (a) => {
      const o = a.options as { directory?: boolean; filters?: FileFilterArg[] } | undefined;
      return o?.directory ? control.folder : isPackage(o?.filters) ? control.packagePath : control.openPath;
    },
    'plugin:dialog|save': (a) => (isPackage((a.options as { filters?: FileFilterArg[] } | undefined)?.filters) ? control.packagePath : control.savePath),
    'plugin:opener|reveal_item_in_dir': () => null,
  };

  const written = new Map<string, { response: ContractorResponse; reviewDigest: string; digest: string }>();

  /** A path of a package exported in this session opens that project's package; any other the sample's. */
  function openReviewAt(path: string): ReviewOpened {
    if (/tampered/i.test(path)) {
      throw err(
        'invalid',
        `${path}: clauses.json: パッケージ作成後に変更されています（SHA-256 が目録と一致しません）。このパッケージは開きません`,
        `${path}: clauses.json: modified after the package was made (SHA-256 differs from the manifest); the package is refused`,
      );
    }
    if (!path.toLowerCase().endsWith('.secspec')) {
      throw err('failure', `${path}: 開けません: ファイルがありません`, `${path}: cannot open: no such file`);
    }
    for (const s of projects.values()) {
      const e = [...s.exports].reverse().find((x) => x.path === path);
      if (e) return buildReview(s.state.project, library, s.state.id, e.revision, e.digest);
    }
    return buildReview(sample.project, library, 1, sample.revision, fakeSha(`review|${JSON.stringify(sample.project)}|${sample.revision}`));
  }

  /** Refuses invalid answers (as the Rust side does); returns what is still incomplete. */
  function usable(review: ReviewOpened, response: ContractorResponse) {
    const issues = [...unansweredIssues(review, response), ...checkResponse(response)];
    const invalid = issues.filter((i) => i.severity === 'invalid');
    if (invalid.length) throw err('invalid', `${invalid[0].field}: ${invalid[0].ja}`, `${invalid[0].field}: ${invalid[0].en}`, invalid);
    return issues;
  }

  /**
   * Plausible stand-in for reading an edited workbook: the first applicable item not yet
   * implemented comes back implemented, and one cell is refused (an impossible 一部実施).
   */
  function importChecklist(id: number, revision: number, path: string): ChecklistImport {
    const s = get(id);
    if (revision !== s.state.revision) {
      throw err('conflict', `案件 ${id} は他で更新されています（版 ${s.state.revision}）`, `project ${id} was changed elsewhere (revision ${s.state.revision})`);
    }
    if (!path.toLowerCase().endsWith('.xlsx')) throw err('failure', `${path}: Excel ブック（.xlsx）ではありません`, `${path}: not an Excel workbook (.xlsx)`);
    const project = clone(s.state.project);
    project.checklist ??= { profile: {}, overrides: {}, answers: {} };
    const decision = evaluate(project, library).checklist.decision;
    const included = decision.items.filter((d) => d.included).map((d) => d.item_id);
    const target = included.find((i) => project.checklist.answers[i]?.answer.status !== 'implemented');
    const refused = included.find((i) => i !== target) ?? included[0] ?? library.checklist.items[0].id;
    const row = 5 + library.checklist.items.findIndex((i) => i.id === refused);
    const changed: string[] = [];
    if (target) {
      const prev = project.checklist.answers[target];
      project.checklist.answers[target] = { answer: { status: 'implemented' }, evidence: prev?.evidence || '取り込んだブックの記入', owner: prev?.owner ?? '', due: prev?.due ?? null };
      changed.push(target);
      s.state.revision += 1;
      touch(s);
      s.history.push({ at: s.state.updated_wareki, revision: s.state.revision, action: 'update', field: `checklist.answers.${target}`, old_value: JSON.stringify(prev ?? null), new_value: JSON.stringify(project.checklist.answers[target]) });
      s.state.project = project;
      s.state.status = statusOf(project);
    }
    return {
      state: clone(s.state),
      changed,
      rejected: [
        {
          sheet: 'チェックリスト',
          cell: `H${row}`,
          item_id: refused,
          message_ja: `チェックリスト!H${row}：一部実施の実施数 5 が対象数 4 を超えています`,
          message_en: `Checklist!H${row}: partly implemented with 5 done of 4 targets`,
        },
      ],
    };
  }

  async function handle(cmd: string, args: Record<string, unknown> = {}): Promise<unknown> {
    control.calls.push({ cmd, args: clone(args) });
    const h = handlers[cmd];
    if (!h) throw `unknown command ${cmd} / unknown command ${cmd}`;
    return h(args);
  }

  return { handle, control };
}

export function installMock(): MockControl {
  const { handle, control } = createFakeBackend();
  routeIpcTo(handle);
  (window as unknown as { __secspecMock: MockControl }).__secspecMock = control;
  return control;
}

// The review round trip in the browser against the real service: the officer rewords a clause and
// exports a review package, the contractor opens it by a typed path (a copy with one entry changed
// is refused by the package's own hashes), reads the clause with its redline,
// answers 了承/質問/意見 (a question without text is refused inline), fills the organization profile,
// saves the response and creates the contractor documents; the officer imports the response, then
// a second, changed one, and sees the differences.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, eventually, setNative } from './harness.mjs';
import { readEntry, rewriteEntry } from './zip.mjs';

const T = {
  ja: {
    projects: '案件一覧',
    redlineDel: '直ち',
    redlineIns: '速やか',
    textRequired: '質問・意見には本文を入力してください。',
    refused: 'このパッケージは開けません',
    tampered: 'パッケージ作成後に変更されています',
    restored: '前回の入力を復元しました。',
    question: '「認知した時点から１時間以内」は、夜間・休日も電話による第一報でよいですか。',
    comment: '秘密保持の対象に、公開済みの情報を含めない旨を明記することを希望します。',
    questionLater: '夜間・休日は電話による第一報とすることで了承します。',
    repTitle: '代表取締役社長',
    repName: '山田 一郎',
    summary1: '未解決の質問 1 件',
    summary2: '未解決の質問 0 件',
    qual: '情報処理安全確保支援士',
    incomplete: '未完了の項目',
    complete: '未完了の項目はありません。',
    changes: '前回の回答からの変更',
    ackKeep: '質問 1 件と意見 1 件は変更せず',
    cancel: 'キャンセル',
    answer: '夜間・休日も、電話による第一報で差し支えありません。その後、電子メールで報告してください。',
    qaTitle: '質問回答書',
    qaDone: '回答済み 1 / 1 件',
    qaNone: '最新の回答に質問はありません。',
    closing: '以上',
  },
  en: {
    projects: 'Projects',
    redlineDel: '直ち',
    redlineIns: '速やか',
    textRequired: 'A question or comment needs its text.',
    refused: 'This package cannot be opened',
    tampered: 'modified after the package was made',
    restored: 'Your earlier input was restored.',
    question: 'May the first report at night and on holidays be made by phone?',
    comment: 'Please state that published information is not confidential.',
    questionLater: 'Acknowledged with a first report by phone at night and on holidays.',
    repTitle: 'President and CEO',
    repName: 'Ichiro Yamada',
    summary1: '1 open question(s)',
    summary2: '0 open question(s)',
    qual: '情報処理安全確保支援士',
    incomplete: 'Incomplete',
    complete: 'Nothing is incomplete.',
    changes: 'Changes since the previous response',
    ackKeep: '1 question(s) and 1 comment(s) are not changed',
    cancel: 'Cancel',
    answer: 'Yes: a first report by phone is enough at night and on holidays; follow it up by e-mail.',
    qaTitle: '質問回答書',
    qaDone: '1 of 1 answered',
    qaNone: 'The current response asks no question.',
    closing: '以上',
  },
};

const PROFILE = {
  '#f-profile-company': '株式会社セキュア運用サービス',
  '#f-profile-executive-name': '高橋 一郎',
  '#f-profile-executive-title': '代表取締役社長',
  '#f-profile-executive-involvement': '情報セキュリティ委員会の委員長として年度計画を承認する。',
  '#f-profile-security_organization': '情報セキュリティ委員会（月1回）を設置し、運用部長を本業務の責任者とする。',
  '#f-profile-csirt-name': 'SOS-CSIRT',
  '#f-profile-csirt-contact': 'csirt@example.co.jp（24時間受付）',
  '#f-profile-lifecycle_management': '受領した情報は台帳に記録し、契約終了時に返却又は消去して消去証明書を提出する。',
  '#f-profile-audit_acceptance-departments': '運用部',
  '#f-profile-audit_acceptance-places': '本社及び運用監視センター',
  '#f-profile-audit_acceptance-periods': '契約期間中及び契約終了後1年間',
  '#f-respondent-name': '佐藤 花子',
  '#f-respondent-contact': 'sato@example.co.jp',
};

const PEOPLE = [
  ['中村 美咲', '情報処理安全確保支援士（登録番号 000000）', '毎年の特定講習の受講'],
  ['小林 健', '情報処理安全確保支援士（登録番号 000001）', '脆弱性情報の週次勉強会'],
];

const rows = (page, testid) => page.locator(`[data-testid="${testid}"] tbody tr`).count();
const statusOf = (page, id) => page.locator(`[data-testid="clause-list"] [data-clause="${id}"] .answer`).getAttribute('data-status');

async function toOutput(page) {
  await page.locator('#open-1').click();
  await page.click('[data-step="output"]');
  await page.locator('#package-path').waitFor();
}

/** The officer rewords the breach clause (直ちに → 速やかに) and gives the reason. */
async function reword(page) {
  await page.locator('#open-1').click();
  await page.click('[data-step="clauses"]');
  await page.click('#f-clauses-breach-custom_body-start');
  const body = '#f-clauses-breach-custom_body';
  await page.locator(body).waitFor();
  const standard = await page.inputValue(body);
  assert(standard.includes('直ちに'), 'the standard breach text says 直ちに');
  await page.fill(body, standard.replace('直ちに', '速やかに'));
  const reason = '#f-clauses-breach-deviation_reason';
  await page.locator(reason).waitFor();
  await page.fill(reason, '夜間の体制を考慮した表現とするため。');
}

async function backToList(page, L) {
  await page.locator('.app-header .nav-item').first().click();
  await page.getByRole('heading', { level: 1, name: L.projects }).waitFor();
}

async function openPackage(page, path) {
  await page.fill('#review-path', path);
  await page.locator('[data-testid="open-review"]').click();
}

export async function contractorWalk(page, lang, screen, server) {
  const L = T[lang];
  const REVIEW = join(server.dir, '審査パッケージ.secspec');
  const RESPONSE = join(server.dir, '審査パッケージ-response.secspec');
  const TAMPERED = join(server.dir, '受信', 'tampered.secspec');
  const calls = (_page, cmd) => server.callsOf(cmd);
  await page.getByRole('heading', { level: 1, name: '案件一覧' }).waitFor();
  if (lang === 'en') {
    await page.click('.lang');
    await page.getByRole('heading', { level: 1, name: L.projects }).waitFor();
  }

  // Officer: reword a clause, then export the review package of the sample project (typed path).
  await reword(page);
  await page.click('[data-step="output"]');
  await page.locator('#package-path').waitFor();
  await eventually(async () => (await page.locator('.save-status').first().innerText()).includes(lang === 'ja' ? '保存済み' : 'Saved'), 'the rewording is saved');
  await page.fill('#package-path', REVIEW);
  await page.locator('[data-testid="package-export"]').click();
  const exported = page.locator('[data-testid="package-exported"]');
  await exported.waitFor();
  const digest = await page.locator('[data-testid="package-digest"]').innerText();
  const made = server.repliesOf('package_export').at(-1).ok;
  assert(digest === made.digest, `the digest shown is the one Rust computed: ${digest}`);
  assert((await exported.innerText()).includes(made.package_id) && /^SECSPEC-00001-REVIEW-R\d+$/.test(made.package_id), 'package id shown');
  await backToList(page, L);

  // What Rust reads from the exported package, to compare the contractor's screen with.
  const review = await server.call('open_review', { path: REVIEW, accept_new_key: null });

  // A copy with one character of clauses.json changed (a valid zip otherwise) is refused with
  // the package's message, and nothing opens.
  writeFileSync(TAMPERED, rewriteEntry(readFileSync(REVIEW), 'clauses.json', (b) => Buffer.from(b.toString('utf8').replace('速やかに', '直ちに'))));
  await openPackage(page, TAMPERED);
  const refusal = page.locator('[data-testid="review-error"]');
  await refusal.waitFor();
  const refusalText = await refusal.innerText();
  assert(refusalText.includes(L.refused) && refusalText.includes(L.tampered) && refusalText.includes('clauses.json'), `refusal names the entry: ${refusalText}`);
  assert((await page.locator('#review-title').count()) === 0, 'no package opened');
  await page.locator('#review-path').scrollIntoViewIfNeeded();
  await screen(page, `${lang}-contractor-0-refused`, 'tampered package refused');

  // Contractor: open the exported package by its typed path.
  await openPackage(page, REVIEW);
  await page.locator('#review-title').waitFor();
  // Who signed the package, as Rust's trust on first use judged it (the agency's key, first seen).
  const signer = page.locator('[data-testid="signer"]');
  assert(['ok', 'notice'].includes(await signer.getAttribute('data-level')), 'a signed package from a key seen for the first time');
  assert((await signer.innerText()).trim().length > 0, 'the signer is described');
  assert((await page.locator('[data-testid="digest"]').innerText()) === digest, 'the contractor sees the digest the officer was shown');
  const clauseCount = review.clauses.clauses.length;
  await eventually(async () => (await page.locator('[data-testid="clause-list"] li').count()) === clauseCount, `${clauseCount} clauses listed`);
  assert((await statusOf(page, 'organization')) === 'open', 'unanswered at first');
  await screen(page, `${lang}-contractor-1-clause`, 'contractor clause');

  // The clause the agency reworded: redline against the standard text, with the reason.
  await page.click('[data-testid="clause-list"] [data-clause="breach"]');
  const redline = page.locator('[data-testid="redline"]');
  await redline.waitFor();
  assert((await redline.locator('del').allInnerTexts()).join('').includes(L.redlineDel), 'deleted run shown');
  assert((await redline.locator('ins').allInnerTexts()).join('').includes(L.redlineIns), 'inserted run shown');
  assert((await page.locator('[data-testid="printed"]').innerText()).includes('速やかに'), 'the clause as printed has the agency wording');
  assert((await page.locator('[data-testid="additions"]').innerText()).includes('対応手順'), 'the officer addition is shown');
  await redline.scrollIntoViewIfNeeded();
  await screen(page, `${lang}-contractor-2-redline`, 'clause with redline');

  // 質問 without text is refused inline; with text it is taken.
  await page.locator('input[data-kind="question"]').check();
  await page.locator('[data-testid="next"]').click();
  const err = page.locator('#f-clause_responses-breach-text-error');
  await err.waitFor();
  assert((await err.innerText()).includes(L.textRequired), 'inline message');
  assert((await page.evaluate(() => document.activeElement?.id)) === 'f-clause_responses-breach-text', 'focus on the text');
  assert((await statusOf(page, 'breach')) === 'incomplete', 'badge says the text is missing');
  await page.locator('[data-clause="breach"] h2').waitFor();
  await screen(page, `${lang}-contractor-3-question-refused`, 'question without text refused');
  await page.fill('#f-clause_responses-breach-text', L.question);
  await eventually(async () => (await err.count()) === 0, 'message gone once text is typed');
  await page.locator('[data-testid="next"]').click();
  await page.locator('article[data-clause="audit"]').waitFor();
  assert((await statusOf(page, 'breach')) === 'question', 'breach answered with a question');

  // 意見 with text, then 「すべて了承」 for everything else: Rust answers what is open, the dialog
  // says how many and that the question and the comment stay; cancel changes nothing, undo
  // brings the earlier answers back.
  await page.click('[data-testid="clause-list"] [data-clause="confidentiality"]');
  await page.locator('input[data-kind="comment"]').check();
  await page.fill('#f-clause_responses-confidentiality-text', L.comment);
  const requirementCount = review.checklist.items.length;
  const ackCalls = () => server.callsOf('acknowledge_all').length;
  const callsBefore = ackCalls();
  await page.locator('[data-testid="ack-all"]').click();
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  const proposed = server.repliesOf('acknowledge_all').at(-1).ok.done;
  assert(proposed.clauses === clauseCount - 2 && proposed.requirements === requirementCount, `Rust proposes the open items: ${JSON.stringify(proposed)}`);
  assert(proposed.questions_kept === 1 && proposed.comments_kept === 1, 'the question and the comment are kept');
  const dialogText = await dialog.locator('#confirm-body').innerText();
  assert(dialogText.includes(String(clauseCount - 2)) && dialogText.includes(String(requirementCount)) && dialogText.includes(L.ackKeep), `the dialog counts and says what stays: ${dialogText}`);
  assert((await dialog.locator('[data-testid="confirm-ok"]').innerText()).includes(String(proposed.clauses + proposed.requirements)), 'the button says how many');
  const sentAck = server.callsOf('acknowledge_all').at(-1);
  assert(sentAck.review_path === REVIEW && sentAck.response.clause_responses.breach.kind === 'question', 'one call with the review and the current answers');
  await screen(page, `${lang}-contractor-3b-ack-all`, 'acknowledge-all confirmation');
  await dialog.getByRole('button', { name: L.cancel }).click();
  await eventually(async () => (await page.locator('dialog[open]').count()) === 0, 'dialog closed');
  assert((await statusOf(page, 'organization')) === 'open', 'cancel answers nothing');
  await page.locator('[data-testid="ack-all"]').click();
  await page.locator('dialog[open] [data-testid="confirm-ok"]').click();
  await eventually(async () => (await statusOf(page, 'organization')) === 'acknowledge', 'open clauses acknowledged');
  assert((await statusOf(page, 'breach')) === 'question' && (await statusOf(page, 'confidentiality')) === 'comment', 'question and comment kept');
  await page.locator('[data-testid="ack-all-undo"]').click();
  await eventually(async () => (await statusOf(page, 'organization')) === 'open', 'undo restores the earlier answers');
  assert((await statusOf(page, 'breach')) === 'question', 'the question is still there after undo');
  await page.locator('[data-testid="ack-all"]').click();
  await page.locator('dialog[open] [data-testid="confirm-ok"]').click();
  await eventually(async () => (await statusOf(page, 'organization')) === 'acknowledge', 'acknowledged again');
  assert(ackCalls() - callsBefore === 3, 'one backend call per 「すべて了承」');
  const ids = await page.locator('[data-testid="clause-list"] [data-clause]').evaluateAll((els) => els.map((e) => e.dataset.clause));
  for (const id of ids.filter((x) => x !== 'breach' && x !== 'confidentiality')) assert((await statusOf(page, id)) === 'acknowledge', `${id} acknowledged`);
  await page.locator('[data-testid="ack-all"]').click();
  await eventually(async () => (await page.locator('[data-testid="ack-all-note"]').innerText()).trim().length > 0 && (await page.locator('dialog[open]').count()) === 0, 'nothing left: no dialog, a note');
  assert((await statusOf(page, 'confidentiality')) === 'comment', 'comment recorded');
  await eventually(async () => (await page.locator('[data-testid="progress"]').innerText()).includes(lang === 'ja' ? `回答 ${clauseCount} / ${clauseCount}` : `${clauseCount} of ${clauseCount} clauses`), 'progress counts the answers');

  // The organization profile, with two 情報処理安全確保支援士.
  await page.click('[data-section="profile"]');
  await page.locator('#f-profile-company').waitFor();
  for (const [sel, value] of Object.entries(PROFILE)) await page.fill(sel, value);
  for (const [n, [name, qual, current]] of PEOPLE.entries()) {
    await page.click('#add-practitioners');
    await eventually(async () => (await page.evaluate(() => document.activeElement?.id)) === `f-profile-practitioners-${n}-name`, 'new row gets focus');
    await page.fill(`#f-profile-practitioners-${n}-name`, name);
    await page.fill(`#f-profile-practitioners-${n}-qualification`, qual);
    await page.fill(`#f-profile-practitioners-${n}-how_knowledge_kept_current`, current);
  }
  await page.click('#add-subcontractors');
  await page.fill('#f-profile-subcontractors-0-name', '株式会社ネットワーク保守');
  await page.fill('#f-profile-subcontractors-0-work', '夜間・休日の一次監視');
  await page.fill('#f-profile-subcontractors-0-security_measures', '同等の要件を再委託契約に定め、年1回監査する。');
  await page.locator('[data-testid="practitioners"]').scrollIntoViewIfNeeded();
  await screen(page, `${lang}-contractor-4-profile`, 'contractor profile');

  // Save with one audit field blank: written, with the incomplete field listed and linked.
  await page.click('[data-section="save"]');
  assert((await page.inputValue('#response-path')) === RESPONSE, 'response path suggested next to the package');
  await page.locator('[data-testid="save-response"]').click();
  await page.locator('[data-testid="response-written"]').waitFor();
  const issues = page.locator('[data-testid="response-issues"]');
  await issues.waitFor();
  assert((await issues.innerText()).includes(L.incomplete), 'incomplete fields listed');
  await issues.locator('[data-field="profile.audit_acceptance.conditions"]').click();
  await eventually(async () => (await page.evaluate(() => document.activeElement?.id)) === 'f-profile-audit_acceptance-conditions', 'issue leads to its field');
  await page.fill('#f-profile-audit_acceptance-conditions', '実施日の14日前までに書面で通知いただくこと。');
  await page.click('[data-section="save"]');
  await page.locator('[data-testid="save-response"]').click();
  await eventually(async () => (await page.locator('[data-testid="response-written"]').count()) === 1 && (await page.getByText(L.complete).count()) === 1, 'saved complete');
  const sent = (await calls(page, 'write_response')).at(-1);
  assert(sent.review_path === REVIEW && sent.out_path === RESPONSE, 'write_response paths');
  assert(sent.response.clause_responses.breach.kind === 'question' && sent.response.clause_responses.breach.text === L.question, 'question sent with its text');
  assert(sent.response.profile.practitioners.length === 2 && sent.response.profile.practitioners.every((p) => p.qualification.includes(L.qual)), 'two 支援士 sent');
  const written = server.repliesOf('write_response').at(-1).ok;
  assert((await page.locator('[data-testid="response-digest"]').innerText()) === written.digest, 'the response digest Rust computed is shown');

  // The 確認書 may only confirm what was acknowledged: with the question open and no
  // representative, Rust refuses the final documents and names both.
  const docs = join(server.dir, '文書');
  await page.fill('#docs-folder', docs);
  await page.locator('[data-testid="make-documents"]').click();
  const docsRefusal = page.locator('[data-testid="docs-error"]');
  await docsRefusal.waitFor();
  const refusedFields = server.repliesOf('contractor_documents').at(-1).err.issues.map((i) => i.field);
  assert(refusedFields.includes('clause_responses.breach') && refusedFields.includes('profile.representative.name'), `open question and representative refused: ${refusedFields}`);
  assert((await rows(page, 'contractor-files')) === 0, 'no documents while the question is open');
  await docsRefusal.scrollIntoViewIfNeeded();
  await screen(page, `${lang}-contractor-5-refused`, 'final 確認書 refused while a question is open');

  // Officer: import the response.
  await backToList(page, L);
  await toOutput(page);
  await page.fill('#response-import-path', RESPONSE);
  await page.locator('[data-testid="response-import"]').click();
  await page.locator('[data-testid="response-answers"]').waitFor();
  assert((await rows(page, 'response-answers')) === clauseCount, `${clauseCount} clause answers`);
  const first = server.repliesOf('import_response').at(-1).ok;
  assert(first.open_questions === 1, `Rust counts one open question: ${first.open_questions}`);
  assert((await page.locator('[data-testid="response-summary"]').innerText()).includes(L.summary1), 'one open question');
  assert((await page.locator('[data-testid="response-imported"] [data-testid="signer"]').count()) === 1, 'the officer sees who signed the response');
  assert((await page.locator('[data-testid="response-answers"] tr[data-clause="breach"]').innerText()).includes(L.question), 'the question text is shown');
  assert((await page.locator('[data-testid="profile-view"]').innerText()).includes('中村 美咲'), 'contractor profile shown');
  assert((await page.locator('[data-testid="response-changes"]').count()) === 0, 'no change list on the first import');
  assert((await rows(page, 'responses')) === 1, 'one response listed');
  assert(sent.response.requirement_responses && Object.keys(sent.response.requirement_responses).length === requirementCount, 'the requirements acknowledged are sent');

  // Officer: answer the question and write the 質問回答書 (refused while unanswered).
  const qa = page.locator('[data-testid="question-answers"]');
  await qa.locator('li[data-target="clause:breach"]').waitFor();
  assert((await qa.locator('li').count()) === 1, 'one question');
  assert((await qa.locator('[data-testid="qa-question"]').innerText()) === L.question, 'the question verbatim');
  const QA_DIR = join(server.dir, '質問回答書');
  await page.fill('#qa-folder', QA_DIR);
  await page.locator('[data-testid="qa-write"]').click();
  await page.locator('[data-testid="qa-error"]').waitFor();
  const qaRefused = server.repliesOf('write_question_answers').at(-1).err;
  assert(qaRefused.code === 'blocked' && qaRefused.issues.some((i) => i.field === 'question_answers.clause:breach'), `final refused while unanswered: ${JSON.stringify(qaRefused)}`);
  await page.fill('#qa-clause-breach', L.answer);
  await eventually(async () => (await page.locator('[data-testid="qa-progress"]').innerText()).includes(L.qaDone), 'the answer is stored');
  const stored = server.callsOf('set_question_answer').at(-1);
  assert(stored.target === 'clause:breach' && stored.answer === L.answer, 'set_question_answer arguments');
  await page.locator('[data-testid="qa-write"]').click();
  await eventually(async () => (await rows(page, 'qa-files')) === 2, 'DOCX and PDF listed');
  const qaFiles = server.repliesOf('write_question_answers').at(-1).ok;
  const squash = (x) => x.replace(/\s+/g, '');
  for (const f of qaFiles) {
    assert(readFileSync(f.path).length === f.size_bytes, `${f.file_name} written`);
    const text = squash(
      f.format === 'pdf'
        ? execFileSync('pdftotext', [f.path, '-']).toString('utf8')
        : readEntry(readFileSync(f.path), 'word/document.xml').toString('utf8').replace(/<[^>]+>/g, ''),
    );
    for (const want of [L.qaTitle, L.question, L.answer, L.closing]) assert(text.includes(squash(want)), `${f.file_name}: ${want} missing`);
  }
  await qa.scrollIntoViewIfNeeded();
  await screen(page, `${lang}-contractor-5b-qa`, 'officer answers the question, 質問回答書 written');
  await backToList(page, L);

  // Contractor again, choosing the package with the file dialog (the draft comes back): the
  // question becomes an acknowledgement; save.
  await setNative(page, { packagePath: REVIEW });
  await page.fill('#review-path', '');
  await page.locator('#review-path + button').click();
  await eventually(async () => (await page.inputValue('#review-path')) === REVIEW, 'the dialog picked the package');
  assert(server.callsOf('plugin:dialog|open').at(-1).options.filters[0].extensions.includes('secspec'), 'the open dialog asks for a package');
  await page.locator('[data-testid="open-review"]').click();
  await page.getByText(L.restored).waitFor();
  await page.click('[data-testid="clause-list"] [data-clause="breach"]');
  assert((await page.inputValue('#f-clause_responses-breach-text')) === L.question, 'draft restored from the previous session');
  await page.locator('input[data-kind="acknowledge"]').check();
  await page.fill('#f-clause_responses-breach-text', L.questionLater);
  // The agency answered the comment too: acknowledged, with the comment kept as its note.
  await page.click('[data-testid="clause-list"] [data-clause="confidentiality"]');
  await page.locator('input[data-kind="acknowledge"]').check();
  await page.click('[data-section="profile"]');
  await page.fill('#f-profile-representative-title', L.repTitle);
  await page.fill('#f-profile-representative-name', L.repName);
  await page.click('[data-section="save"]');
  await page.locator('[data-testid="save-response"]').click();
  await page.locator('[data-testid="response-written"]').waitFor();

  // Everything acknowledged and the representative named: the four contractor documents,
  // written by Rust into a real folder; the 確認書 names the representative.
  await page.fill('#docs-folder', docs);
  await page.locator('[data-testid="make-documents"]').click();
  await eventually(async () => (await rows(page, 'contractor-files')) === 8, () => `contractor documents listed: ${JSON.stringify(server.repliesOf('contractor_documents').at(-1)?.err?.issues?.map((i) => i.field))}`);
  const docCall = (await calls(page, 'contractor_documents')).at(-1);
  assert(docCall.review_path === REVIEW && docCall.dir === docs, 'contractor_documents arguments');
  for (const f of server.repliesOf('contractor_documents').at(-1).ok) assert(readFileSync(f.path).length === f.size_bytes, `${f.file_name} written`);
  await screen(page, `${lang}-contractor-5-saved`, 'response saved, documents made');
  await backToList(page, L);

  // Officer: the second import replaces the first and lists exactly that change.
  await toOutput(page);
  await page.fill('#response-import-path', RESPONSE);
  await page.locator('[data-testid="response-import"]').click();
  const changes = page.locator('[data-testid="response-changes"]');
  await changes.waitFor();
  const second = server.repliesOf('import_response').at(-1).ok;
  assert(second.changes.length >= 1 && (await rows(page, 'response-changes')) === second.changes.length, `the changes Rust found are listed: ${JSON.stringify(second.changes)}`);
  const change = await changes.innerText();
  assert(change.includes(L.changes) && change.includes(L.question) && change.includes(L.questionLater), `old and new answer shown: ${change}`);
  assert((await page.locator('[data-testid="response-summary"]').innerText()).includes(L.summary2), 'no open question left');
  await eventually(async () => (await rows(page, 'responses')) === 2, 'two responses listed');
  await eventually(async () => (await page.locator('[data-testid="qa-none"]').innerText()) === L.qaNone, 'no question in the current response');
  await changes.scrollIntoViewIfNeeded();
  await screen(page, `${lang}-contractor-6-officer`, 'officer import with changes');
}

//! `secspec`: the headless SecSpec command line.

/// `println!` for everything the CLI prints: text from packages and files is shown with its
/// control and hidden characters escaped (never sent raw to the terminal), and a closed stdout
/// (e.g. `secspec … | head`) ends the program quietly instead of panicking on the broken pipe.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = crate::error::escape(&format!($($arg)*));
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = writeln!(stdout, "{line}") {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

mod check;
mod checklist;
mod context;
mod db;
mod error;
mod package;
mod projects;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "secspec",
    version,
    about = "SecSpec — 調達における情報セキュリティ要件の文書作成 / security requirements for Japanese government procurement",
    long_about = "SecSpec は、調達仕様書・契約書特記事項・補助金交付条件に記載する情報セキュリティ要件（平成24年の内閣官房副長官通知の標準文言）を、\
案件ごとの回答から DOCX と PDF で作成します。ネットワークには一切接続しません。\n\n\
SecSpec turns an officer's answers into the standard information-security clauses of the 2012 Cabinet Secretariat notice, \
as DOCX and PDF, fully offline."
)]
struct Cli {
    /// データベースファイル / SQLite database file (default: the user's data directory)
    #[arg(long, global = true, env = "SECSPEC_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    /// テンプレートフォルダ / template library folder
    #[arg(long, global = true, env = "SECSPEC_TEMPLATES", value_name = "DIR")]
    templates: Option<PathBuf>,
    /// フォントフォルダ / bundled fonts folder
    #[arg(long, global = true, env = "SECSPEC_FONTS", value_name = "DIR")]
    fonts: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 回答ファイルの雛形を出力 / print a commented answers file (a complete, valid example)
    AnswersTemplate,
    /// 回答ファイルから案件を作成し ID を出力 / create a project from an answers file, print its id
    New {
        #[arg(long, value_name = "FILE")]
        answers: PathBuf,
    },
    /// 回答ファイルで案件を更新（履歴に記録） / replace a project's answers (recorded in its history)
    Update {
        id: i64,
        #[arg(long, value_name = "FILE")]
        answers: PathBuf,
    },
    /// 案件一覧 / list projects
    List,
    /// 案件の内容・適用判断・差分・生成履歴 / show a project, its applicability trace, deviations and generations
    Show { id: i64 },
    /// 条項ライブラリと出典 / the clause library with provenance
    Clauses {
        /// 府省庁一覧も表示 / also list the agencies
        #[arg(long)]
        agencies: bool,
    },
    /// 未記入・必須条項の欠落・標準文言からの変更を検査 / check for unfilled placeholders, missing mandatory clauses, deviations (exit 1 when something blocks a final document)
    Lint { id: i64 },
    /// 文書を生成 / write the project's documents
    Generate {
        id: i64,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// 形式 / formats, comma separated
        #[arg(long, value_delimiter = ',', default_value = "docx,pdf")]
        format: Vec<String>,
        /// 未確定でも案として出力 / write drafts even when something blocks a final document
        #[arg(long)]
        draft: bool,
    },
    /// セキュリティ・バイ・デザインのチェックリスト（ID のみ: 表示） / the security-by-design checklist (with only an id: show it and its A–D score)
    #[command(args_conflicts_with_subcommands = true)]
    Checklist {
        id: Option<i64>,
        #[command(subcommand)]
        command: Option<checklist::ChecklistCommand>,
    },
    /// データベース: 状態、バックアップ・復元・検査、以前の場所のデータベースの取り込み / the database: status, backup, restore, check, importing databases of earlier versions
    Db {
        #[command(subcommand)]
        command: db::DbCommand,
    },
    /// 案件ファイル: 案件のすべて（回答・チェックリスト・履歴・パッケージ・回答・生成記録）を別の PC へ / project files: a whole project (answers, checklist, history, packages, responses, generation records) to another PC
    Project {
        #[command(subcommand)]
        command: projects::ProjectCommand,
    },
    /// レビュー用パッケージの書き出し・回答の取り込み / review packages out, contractor responses in
    Package {
        #[command(subcommand)]
        command: package::PackageCommand,
    },
    /// 仕様書（DOCX・ODT・PDF・テキスト・Markdown）の標準条項を原文と照合（欠落・変更・弱化があれば終了コード 1、読めないファイルは 2） / check a specification's standard clauses against the official text (exit 1 when one is missing, reworded or weakened, 2 when the file cannot be read)
    Check {
        file: PathBuf,
        /// 結果を JSON で出力 / print the findings as JSON
        #[arg(long)]
        json: bool,
        /// 点検結果報告書を書き出す（拡張子で PDF 又は DOCX） / write the check report (PDF or DOCX, by the extension)
        #[arg(long, value_name = "OUT.pdf|OUT.docx")]
        report: Option<PathBuf>,
        /// 報告書の言語 / language of the report
        #[arg(long, value_enum, default_value = "ja")]
        lang: check::LangArg,
    },
    /// 受注者: レビュー用パッケージの内容とダイジェストを表示し、各条項を同梱の条項ライブラリと照合（DB 不要） / contractor: show a review package and its digest, each clause checked against the bundled clause library (no database)
    Review {
        file: PathBuf,
        /// 照合結果を JSON で出力 / print the package and the verdict on each clause as JSON
        #[arg(long)]
        json: bool,
        /// 発注者の鍵が以前と異なることを確認済みとして新しい鍵を記憶 / remember the agency's new key (after checking its fingerprint with the agency)
        #[arg(long)]
        accept_new_key: bool,
    },
    /// 受注者: 回答ファイル（TOML、見本 templates/examples/response.toml）から回答パッケージを作成 / contractor: write the response package from an answers file (TOML; example: templates/examples/response.toml)
    Respond {
        /// レビュー用パッケージ / the review package
        file: PathBuf,
        #[arg(long, value_name = "FILE")]
        answers: PathBuf,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 受注者文書（確認書・監査対応計画書・履行状況報告書・インシデント報告書）も出力 / also write the contractor documents into DIR
        #[arg(long, value_name = "DIR")]
        documents: Option<PathBuf>,
        /// 受注者文書を案として出力 / write the contractor documents as drafts (blank values shown)
        #[arg(long)]
        draft: bool,
    },
    /// 見本案件を一時 DB に作成し文書一式を出力 / create sample projects in a temporary database and write the whole document set
    Demo {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli) {
        e.report();
        std::process::exit(e.exit_code());
    }
}

fn run(cli: Cli) -> error::CliResult {
    let ctx = context::Ctx::new(cli.db, cli.templates, cli.fonts);
    let result = match cli.command {
        Command::AnswersTemplate => projects::answers_template(&ctx),
        Command::New { answers } => projects::new(&ctx, &answers),
        Command::Update { id, answers } => projects::update(&ctx, id, &answers),
        Command::List => projects::list(&ctx),
        Command::Show { id } => projects::show(&ctx, id),
        Command::Clauses { agencies } => projects::clauses(&ctx, agencies),
        Command::Lint { id } => projects::lint(&ctx, id),
        Command::Generate {
            id,
            out,
            format,
            draft,
        } => projects::generate(&ctx, id, &out, &format, draft),
        Command::Demo { out } => projects::demo(&ctx, &out),
        Command::Project { command } => projects::run(&ctx, command),
        Command::Package { command } => package::run(&ctx, command),
        Command::Check {
            file,
            json,
            report,
            lang,
        } => check::check(&ctx, &file, json, report.as_deref(), lang),
        Command::Review {
            file,
            json,
            accept_new_key,
        } => package::review(&ctx, &file, json, accept_new_key),
        Command::Respond {
            file,
            answers,
            out,
            documents,
            draft,
        } => package::respond(&ctx, &file, &answers, &out, documents.as_deref(), draft),
        Command::Checklist {
            id: Some(id),
            command: None,
        } => checklist::show(&ctx, id),
        Command::Checklist {
            command: Some(command),
            ..
        } => checklist::run(&ctx, command),
        Command::Checklist {
            id: None,
            command: None,
        } => Err(error::CliError::usage(
            "checklist: 案件 ID かサブコマンド（export, import, report, oscal）を指定してください",
            "checklist: give a project id or a subcommand (export, import, report, oscal)",
        )),
        Command::Db { command } => db::run(&ctx, command),
    };
    ctx.notices();
    result
}

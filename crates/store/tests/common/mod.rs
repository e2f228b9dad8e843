#![allow(dead_code, clippy::unwrap_used)]

use secspec_core::checklist::{Answer, ChecklistState, ItemAnswer, Override};
use secspec_core::{ClauseChoice, ContractKind, ContractMethod, Date, Lang, Project};
use secspec_store::{ManualClock, Store};
use std::collections::BTreeMap;
use std::path::Path;
use time::macros::datetime;

pub fn clock() -> ManualClock {
    ManualClock::new(datetime!(2026-04-01 09:00:00 UTC))
}

pub fn memory_store() -> (Store, ManualClock) {
    let clock = clock();
    let store = Store::open_in_memory_with_clock(clock.clone()).unwrap();
    (store, clock)
}

pub fn file_store(path: &Path) -> (Store, ManualClock) {
    let clock = clock();
    let store = Store::open_with_clock(path, clock.clone()).unwrap();
    (store, clock)
}

/// A plain project without clause choices.
pub fn simple_project(title: &str) -> Project {
    Project {
        word_font: Default::default(),
        title: title.to_string(),
        agency: "デジタル庁".to_string(),
        bureau: String::new(),
        officer: String::new(),
        contract_kind: ContractKind::Contracting,
        method: ContractMethod::OpenTender,
        national_security: Some(false),
        national_security_reason: String::new(),
        outsourcing: false,
        subcontracting: false,
        voluntary: false,
        document_date: Date::parse("2026-04-01").unwrap(),
        contract_start: None,
        contract_end: None,
        lang: Lang::Ja,
        clauses: BTreeMap::new(),
        checklist: Default::default(),
    }
}

/// A project with every field set and several kinds of clause choices.
pub fn full_project() -> Project {
    let mut clauses = BTreeMap::new();
    clauses.insert(
        "SEC-ORG-01".to_string(),
        ClauseChoice {
            include: Some(true),
            params: [
                ("報告期限".to_string(), "5営業日".to_string()),
                ("責任者".to_string(), "情報セキュリティ責任者".to_string()),
            ]
            .into(),
            custom_body: Some(
                "受注者は、𠮷野家の例のように外字を含む氏名も正しく扱うこと。".to_string(),
            ),
            deviation_reason: Some("当庁規程第3条に合わせるため".to_string()),
            additions: vec![
                "受注者は、月次で報告書を提出すること。".to_string(),
                "報告書は電子データで提出すること。".to_string(),
            ],
        },
    );
    clauses.insert(
        "SEC-SUB-02".to_string(),
        ClauseChoice {
            include: Some(false),
            ..Default::default()
        },
    );
    clauses.insert("SEC-EMPTY".to_string(), ClauseChoice::default());
    clauses.insert(
        "SEC-PARAM-ONLY".to_string(),
        ClauseChoice {
            params: [("期間".to_string(), "契約期間終了後1年".to_string())].into(),
            ..Default::default()
        },
    );
    Project {
        word_font: Default::default(),
        title: "令和8年度 共通基盤システム運用保守業務".to_string(),
        agency: "デジタル庁".to_string(),
        bureau: "戦略・組織グループ".to_string(),
        officer: "山田 太郎".to_string(),
        contract_kind: ContractKind::Contracting,
        method: ContractMethod::NegotiatedContract,
        national_security: Some(true),
        national_security_reason: "重要インフラに関する情報を扱うため".to_string(),
        outsourcing: true,
        subcontracting: true,
        voluntary: false,
        document_date: Date::parse("2026-04-01").unwrap(),
        contract_start: Some(Date::parse("2026-04-01").unwrap()),
        contract_end: Some(Date::parse("2027-03-31").unwrap()),
        lang: Lang::En,
        clauses,
        checklist: checklist_state(),
    }
}

/// A checklist state with every kind of entry: profile answers, an override, all answer kinds.
pub fn checklist_state() -> ChecklistState {
    let mut state = ChecklistState::default();
    state.profile.set("internet_facing", true);
    state.profile.set("cloud_service", false);
    state.overrides.insert(
        "item_x".into(),
        Override {
            include: false,
            reason: "別契約で実施 <&\"'>".into(),
        },
    );
    let mut partial = ItemAnswer::new(Answer::Partial { done: 3, of: 4 });
    partial.owner = "情報システム課".into();
    partial.due = Some(Date::parse("2026-09-30").unwrap());
    partial.evidence = "パッチ適用記録（3台）".into();
    state
        .answers
        .insert("item_a".into(), ItemAnswer::new(Answer::Implemented));
    state.answers.insert("item_b".into(), partial);
    state
        .answers
        .insert("item_c".into(), ItemAnswer::new(Answer::NotImplemented));
    state
        .answers
        .insert("item_d".into(), ItemAnswer::new(Answer::NotApplicable));
    state
}

/// Shorthands of the tests over the store's public API.
pub trait StoreExt {
    /// Replaces the content whatever the current revision (as a script would).
    fn update_unchecked(
        &self,
        id: secspec_store::ProjectId,
        project: &Project,
    ) -> secspec_store::Result<secspec_store::UpdateOutcome>;
    /// Records one document of the project's current revision.
    fn record_one(
        &self,
        g: &secspec_store::NewGeneration,
    ) -> secspec_store::Result<secspec_store::GenerationId>;
}

impl StoreExt for Store {
    fn update_unchecked(
        &self,
        id: secspec_store::ProjectId,
        project: &Project,
    ) -> secspec_store::Result<secspec_store::UpdateOutcome> {
        let revision = self.get_project(id)?.revision;
        self.update_project(id, revision, project, secspec_store::Status::Draft)
    }

    fn record_one(
        &self,
        g: &secspec_store::NewGeneration,
    ) -> secspec_store::Result<secspec_store::GenerationId> {
        let ids = self.record_generation_set(std::slice::from_ref(g), false)?;
        ids.first().copied().ok_or_else(|| {
            secspec_store::StoreError::Invalid(secspec_core::Message::new(
                "記録なし",
                "nothing recorded",
            ))
        })
    }
}

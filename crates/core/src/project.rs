//! A procurement project as the officer describes it.

use crate::checklist::ChecklistState;
use crate::date::Date;
use crate::document::{Lang, WordFont};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// 契約の種類.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    /// 売買
    Sale,
    /// 貸借
    Lease,
    /// 請負
    Contracting,
    /// その他
    Other,
    /// 補助事業等 (a grant: the requirements become 交付の条件)
    Subsidy,
}

impl ContractKind {
    pub const ALL: [ContractKind; 5] = [
        ContractKind::Sale,
        ContractKind::Lease,
        ContractKind::Contracting,
        ContractKind::Other,
        ContractKind::Subsidy,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ContractKind::Sale => "sale",
            ContractKind::Lease => "lease",
            ContractKind::Contracting => "contracting",
            ContractKind::Other => "other",
            ContractKind::Subsidy => "subsidy",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ContractKind::Sale, Lang::Ja) => "売買",
            (ContractKind::Lease, Lang::Ja) => "貸借",
            (ContractKind::Contracting, Lang::Ja) => "請負",
            (ContractKind::Other, Lang::Ja) => "その他",
            (ContractKind::Subsidy, Lang::Ja) => "補助事業等",
            (ContractKind::Sale, Lang::En) => "sale",
            (ContractKind::Lease, Lang::En) => "lease",
            (ContractKind::Contracting, Lang::En) => "contract for work",
            (ContractKind::Other, Lang::En) => "other contract",
            (ContractKind::Subsidy, Lang::En) => "subsidy (grant)",
        }
    }
}

/// 契約方式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ContractMethod {
    /// 一般競争
    OpenTender,
    /// 指名競争
    DesignatedTender,
    /// 随意契約
    NegotiatedContract,
    /// 秘密随契
    SecretNegotiated,
    /// 少額随契
    SmallAmountNegotiated,
}

impl ContractMethod {
    pub const ALL: [ContractMethod; 5] = [
        ContractMethod::OpenTender,
        ContractMethod::DesignatedTender,
        ContractMethod::NegotiatedContract,
        ContractMethod::SecretNegotiated,
        ContractMethod::SmallAmountNegotiated,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ContractMethod::OpenTender => "open_tender",
            ContractMethod::DesignatedTender => "designated_tender",
            ContractMethod::NegotiatedContract => "negotiated_contract",
            ContractMethod::SecretNegotiated => "secret_negotiated",
            ContractMethod::SmallAmountNegotiated => "small_amount_negotiated",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ContractMethod::OpenTender, Lang::Ja) => "一般競争",
            (ContractMethod::DesignatedTender, Lang::Ja) => "指名競争",
            (ContractMethod::NegotiatedContract, Lang::Ja) => "随意契約",
            (ContractMethod::SecretNegotiated, Lang::Ja) => "随意契約（秘密随契）",
            (ContractMethod::SmallAmountNegotiated, Lang::Ja) => "随意契約（少額随契）",
            (ContractMethod::OpenTender, Lang::En) => "open tender",
            (ContractMethod::DesignatedTender, Lang::En) => "designated tender",
            (ContractMethod::NegotiatedContract, Lang::En) => "negotiated contract",
            (ContractMethod::SecretNegotiated, Lang::En) => "negotiated contract (secret)",
            (ContractMethod::SmallAmountNegotiated, Lang::En) => {
                "negotiated contract (small amount)"
            }
        }
    }
}

/// What the officer chose for one clause. Everything is optional: an empty choice follows
/// the applicability decision and the standard text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct ClauseChoice {
    /// `Some(false)` excludes an applicable clause; `Some(true)` adds a clause that does not apply.
    pub include: Option<bool>,
    /// Parameter values by parameter name (as typed; validated against the clause's parameter types).
    pub params: BTreeMap<String, String>,
    /// The officer's own wording replacing the standard body (a tracked deviation).
    pub custom_body: Option<String>,
    /// Why the standard wording was changed (required for a final document when `custom_body` differs).
    pub deviation_reason: Option<String>,
    /// Stricter requirements added after the standard text, one paragraph each.
    pub additions: Vec<String>,
}

impl ClauseChoice {
    pub fn is_empty(&self) -> bool {
        self == &ClauseChoice::default()
    }
}

/// 案件: everything the documents are made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// 件名
    pub title: String,
    /// 府省庁名
    pub agency: String,
    /// 部局等 (may be empty)
    #[serde(default)]
    pub bureau: String,
    /// 担当者 (may be empty)
    #[serde(default)]
    pub officer: String,
    pub contract_kind: ContractKind,
    pub method: ContractMethod,
    /// 国の安全に関する重要な情報を国以外の者に扱わせるか: the officer's legal judgment, so it
    /// starts unanswered (`None`) and a final document needs it (with its reason).
    #[serde(default)]
    pub national_security: Option<bool>,
    /// The officer's reason for the national-security answer (recorded in the decision trace).
    #[serde(default)]
    pub national_security_reason: String,
    /// 情報処理に係る業務の外部委託か
    #[serde(default)]
    pub outsourcing: bool,
    /// 再委託を認めるか
    #[serde(default)]
    pub subcontracting: bool,
    /// Use the requirements although the project is out of scope (marked as voluntary).
    #[serde(default)]
    pub voluntary: bool,
    /// 作成日 printed in the title block.
    pub document_date: Date,
    #[serde(default)]
    pub contract_start: Option<Date>,
    #[serde(default)]
    pub contract_end: Option<Date>,
    /// Language of the documents.
    #[serde(default)]
    pub lang: Lang,
    /// The faces named in the DOCX files (for Word on PCs without IPAex).
    #[serde(default)]
    pub word_font: WordFont,
    /// Choices per clause id.
    #[serde(default)]
    pub clauses: BTreeMap<String, ClauseChoice>,
    /// The security-by-design checklist (profile, overrides, answers).
    #[serde(default)]
    pub checklist: ChecklistState,
}

impl Project {
    /// A new project with nothing answered yet, dated `today`.
    pub fn blank(today: Date) -> Project {
        Project {
            word_font: Default::default(),
            title: String::new(),
            agency: String::new(),
            bureau: String::new(),
            officer: String::new(),
            contract_kind: ContractKind::Contracting,
            method: ContractMethod::OpenTender,
            national_security: None,
            national_security_reason: String::new(),
            outsourcing: false,
            subcontracting: false,
            voluntary: false,
            document_date: today,
            contract_start: None,
            contract_end: None,
            lang: Lang::Ja,
            clauses: BTreeMap::new(),
            checklist: Default::default(),
        }
    }
}

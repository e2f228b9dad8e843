// Generated from crates/api/src/limits.rs (`UPDATE_BINDINGS=1 cargo test -p secspec-api bindings`); do not edit.
import type { FieldRule, Limits } from './types';

/** Length limits (characters) of the project's text fields, as core checks them. */
export const LIMITS: Limits = {
  "addition": 5000,
  "additions": 50,
  "body": 20000,
  "evidence": 4000,
  "reason": 2000,
  "short": 200
};

/**
 * Every text field of a contractor response as core checks it, for a response with one
 * practitioner and one subcontractor: index 0 stands for every row of those lists.
 */
export const RESPONSE_FIELDS: FieldRule[] = [
  {
    "field": "profile.company",
    "max": 200,
    "multiline": false,
    "required": true
  },
  {
    "field": "profile.representative.title",
    "max": 200,
    "multiline": false,
    "required": false
  },
  {
    "field": "profile.representative.name",
    "max": 200,
    "multiline": false,
    "required": false
  },
  {
    "field": "profile.executive.name",
    "max": 200,
    "multiline": false,
    "required": true
  },
  {
    "field": "profile.executive.title",
    "max": 200,
    "multiline": false,
    "required": true
  },
  {
    "field": "profile.executive.involvement",
    "max": 2000,
    "multiline": true,
    "required": false
  },
  {
    "field": "profile.security_organization",
    "max": 5000,
    "multiline": true,
    "required": true
  },
  {
    "field": "profile.csirt.name",
    "max": 200,
    "multiline": false,
    "required": true
  },
  {
    "field": "profile.csirt.contact",
    "max": 2000,
    "multiline": true,
    "required": true
  },
  {
    "field": "profile.practitioners[0].name",
    "max": 200,
    "multiline": false,
    "required": true
  },
  {
    "field": "profile.practitioners[0].qualification",
    "max": 2000,
    "multiline": true,
    "required": true
  },
  {
    "field": "profile.practitioners[0].how_knowledge_kept_current",
    "max": 2000,
    "multiline": true,
    "required": true
  },
  {
    "field": "profile.lifecycle_management",
    "max": 5000,
    "multiline": true,
    "required": true
  },
  {
    "field": "profile.audit_acceptance.departments",
    "max": 2000,
    "multiline": true,
    "required": true
  },
  {
    "field": "profile.audit_acceptance.places",
    "max": 2000,
    "multiline": true,
    "required": true
  },
  {
    "field": "profile.audit_acceptance.periods",
    "max": 2000,
    "multiline": true,
    "required": true
  },
  {
    "field": "profile.audit_acceptance.conditions",
    "max": 2000,
    "multiline": true,
    "required": true
  },
  {
    "field": "profile.subcontractors[0].name",
    "max": 200,
    "multiline": false,
    "required": true
  },
  {
    "field": "profile.subcontractors[0].work",
    "max": 2000,
    "multiline": true,
    "required": true
  },
  {
    "field": "profile.subcontractors[0].security_measures",
    "max": 5000,
    "multiline": true,
    "required": true
  },
  {
    "field": "respondent.name",
    "max": 200,
    "multiline": false,
    "required": true
  },
  {
    "field": "respondent.department",
    "max": 200,
    "multiline": false,
    "required": false
  },
  {
    "field": "respondent.contact",
    "max": 200,
    "multiline": false,
    "required": true
  }
];

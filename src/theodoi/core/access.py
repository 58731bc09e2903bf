"""Who may do what: the one table every page, command and future API asks.

Each resource lists its actions and the roles allowed to take them. `can(user, action)`
answers; views use `require(action)`; tests check the whole table as a matrix.
Object-level scoping (a unit sees its own tasks) is added per resource as `visible_to(user)`.
"""

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from theodoi.accounts.models import Role, User

ALL = frozenset(Role.values)


class Action(StrEnum):
    VIEW_UNITS = "view_units"
    EDIT_UNITS = "edit_units"
    VIEW_USERS = "view_users"
    MANAGE_USERS = "manage_users"
    MANAGE_OWN_ACCOUNT = "manage_own_account"
    RESET_SECOND_FACTOR = "reset_second_factor"
    VIEW_CALENDAR = "view_calendar"
    EDIT_CALENDAR = "edit_calendar"
    VIEW_AUDIT = "view_audit"
    VIEW_TASKS = "view_tasks"
    REGISTER_DOCUMENTS = "register_documents"
    HAND_OVER_TASKS = "hand_over_tasks"
    VIEW_STATS = "view_stats"
    IMPORT_PLANS = "import_plans"
    VIEW_NOTIFICATIONS = "view_notifications"
    MANAGE_REMINDERS = "manage_reminders"
    VIEW_DASHBOARD = "view_dashboard"
    URGE_UNITS = "urge_units"
    VIEW_RANKING = "view_ranking"
    VIEW_SCORECARD = "view_scorecard"
    SET_RANKING_FORMULA = "set_ranking_formula"
    ISSUE_SIGNED = "issue_signed"
    CHECK_SIGNATURES = "check_signatures"
    VIEW_OBSTACLES = "view_obstacles"
    MANAGE_REPORT_TYPES = "manage_report_types"
    VIEW_REPORTS = "view_reports"
    REQUEST_REPORTS = "request_reports"
    VIEW_AGENCY_REPORTS = "view_agency_reports"
    WRITE_AGENCY_REPORTS = "write_agency_reports"
    MANAGE_WEBHOOKS = "manage_webhooks"
    VIEW_TARGETS = "view_targets"
    MANAGE_TARGETS = "manage_targets"
    ENTER_TARGET_ACTUALS = "enter_target_actuals"
    VIEW_PARTNER_WORK = "view_partner_work"
    GENERATE_OBLIGATIONS = "generate_obligations"
    VIEW_MEETINGS = "view_meetings"
    RECORD_MEETINGS = "record_meetings"
    ASSIGN_CONCLUSIONS = "assign_conclusions"
    VIEW_INSPECTIONS = "view_inspections"
    DRAFT_INSPECTION_PLANS = "draft_inspection_plans"
    APPROVE_INSPECTIONS = "approve_inspections"
    CREATE_INSPECTIONS = "create_inspections"
    WORK_ON_INSPECTIONS = "work_on_inspections"


RULES: dict[Action, frozenset[str]] = {
    # Organisation: everyone signed in reads the tree and history; administrators change it.
    Action.VIEW_UNITS: ALL,
    Action.EDIT_UNITS: frozenset({Role.ADMIN}),
    # People: administrators manage accounts; the auditor and leaders may read the directory.
    Action.VIEW_USERS: frozenset({Role.ADMIN, Role.AUDITOR, Role.LEADER}),
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    # Everyone keeps their own sign-in: the profile page, their password, their second factor.
    Action.MANAGE_OWN_ACCOUNT: ALL,
    # An administrator removes a person's second factor (a lost phone); it is logged.
    Action.RESET_SECOND_FACTOR: frozenset({Role.ADMIN}),
    # Working-day calendar: everyone reads it; administrators record announcements.
    Action.VIEW_CALENDAR: ALL,
    Action.EDIT_CALENDAR: frozenset({Role.ADMIN}),
    # The change log: administrators and the read-only auditor.
    Action.VIEW_AUDIT: frozenset({Role.ADMIN, Role.AUDITOR}),
    # Tasks: which tasks a person sees is decided by tasks.scope.visible_tasks, and each step
    # of the cycle by tasks.cycle.TABLE (state x action x relation to the task).
    Action.VIEW_TASKS: ALL - {Role.PARTNER},
    Action.REGISTER_DOCUMENTS: frozenset({Role.TRACKER}),
    # After a merge or split, the Office (or an administrator recording the reorganisation)
    # moves the old unit's unfinished tasks to its successor (tasks.handover).
    Action.HAND_OVER_TASKS: frozenset({Role.TRACKER, Role.ADMIN}),
    # Plans are imported by the Office, which registers documents (imports.services).
    Action.IMPORT_PLANS: frozenset({Role.TRACKER}),
    Action.VIEW_STATS: frozenset(
        {Role.ADMIN, Role.LEADER, Role.TRACKER, Role.UNIT_HEAD, Role.INSPECTOR, Role.AUDITOR}
    ),
    # Everyone reads their own notifications; administrators set when reminders go out.
    Action.VIEW_NOTIFICATIONS: ALL,
    Action.MANAGE_REMINDERS: frozenset({Role.ADMIN}),
    # The dashboard: the same people as statistics (a unit head sees their own unit's).
    Action.VIEW_DASHBOARD: frozenset(
        {Role.ADMIN, Role.LEADER, Role.TRACKER, Role.UNIT_HEAD, Role.INSPECTOR, Role.AUDITOR}
    ),
    # Written urging letters come from the Office (DOMAIN §9).
    Action.URGE_UNITS: frozenset({Role.TRACKER}),
    # Evaluation (DOMAIN §14): the ranking of every unit for the Office, leaders and readers of
    # every task; a unit head sees their own unit's scorecard (evaluation.selectors.may_see_card);
    # administrators set the formula.
    Action.VIEW_RANKING: frozenset(
        {Role.ADMIN, Role.LEADER, Role.TRACKER, Role.INSPECTOR, Role.AUDITOR}
    ),
    Action.VIEW_SCORECARD: frozenset(
        {Role.ADMIN, Role.LEADER, Role.TRACKER, Role.UNIT_HEAD, Role.INSPECTOR, Role.AUDITOR}
    ),
    Action.SET_RANKING_FORMULA: frozenset({Role.ADMIN}),
    # Signed documents (Regulation 1142 Art. 20.2, DOMAIN §15): the Office keeps the agency's
    # certificate and issues generated letters signed with it; anyone signed in may check the
    # signatures of a PDF (a task's attachments only where they see the task).
    Action.ISSUE_SIGNED: frozenset({Role.TRACKER}),
    Action.CHECK_SIGNATURES: ALL,
    # Difficulties raised on tasks (Art. 9.1.b, 10.3): the queue "Khó khăn, vướng mắc" is the
    # Office's work and the leaders'; those who read every task may read it too. Raising,
    # referring and deciding one depend on the task and the obstacle (tasks/obstacles/rules.py).
    Action.VIEW_OBSTACLES: frozenset(
        {Role.ADMIN, Role.LEADER, Role.TRACKER, Role.INSPECTOR, Role.AUDITOR}
    ),
    # Report types (DOMAIN §10): who reports what to whom and when is set by administrators,
    # like the reminder policy and the ranking formula.
    Action.MANAGE_REPORT_TYPES: frozenset({Role.ADMIN}),
    # Reports (DOMAIN §10): everyone but partners opens the reports pages; which unit's report a
    # person reads, writes or reviews is decided by reports.scope. The Office sends ad-hoc
    # requests for reports (Regulation 1142 Art. 8.2) and reminds the units that are late.
    Action.VIEW_REPORTS: ALL - {Role.PARTNER},
    Action.REQUEST_REPORTS: frozenset({Role.TRACKER}),
    # The agency's report on task performance (Art. 8.3): the Office writes and issues it;
    # leaders read it, and so do those who read every task and the administrators.
    Action.VIEW_AGENCY_REPORTS: frozenset(
        {Role.ADMIN, Role.LEADER, Role.TRACKER, Role.INSPECTOR, Role.AUDITOR}
    ),
    Action.WRITE_AGENCY_REPORTS: frozenset({Role.TRACKER}),
    # Webhooks (issue 23): administrators register the other systems' addresses, the events
    # each wants and its secret, like the other settings of the site; they see the deliveries.
    Action.MANAGE_WEBHOOKS: frozenset({Role.ADMIN}),
    # Targets (DOMAIN §12): everyone of the agency reads them (a unit's staff enter their
    # unit's actuals); partners see none. The Office and administrators set targets; the Office
    # and the owner unit's head and staff enter actuals (which target: targets.rules).
    Action.VIEW_TARGETS: ALL - {Role.PARTNER},
    Action.MANAGE_TARGETS: frozenset({Role.TRACKER, Role.ADMIN}),
    Action.ENTER_TARGET_ACTUALS: frozenset({Role.TRACKER, Role.UNIT_HEAD, Role.UNIT_STAFF}),
    # The coordination agreement with the partner (DOMAIN §13): its duties of the year and the
    # state of their tasks for the Office, leaders and those who read every task, and for the
    # partner's own people, who see only the joint duties (partners.scope); the Office
    # generates a year's tasks (partners.generation), as it registers documents.
    Action.VIEW_PARTNER_WORK: frozenset(
        {Role.ADMIN, Role.LEADER, Role.TRACKER, Role.INSPECTOR, Role.AUDITOR, Role.PARTNER}
    ),
    Action.GENERATE_OBLIGATIONS: frozenset({Role.TRACKER}),
    # Meetings with the partner (Art. 6.4, 19.4): everyone opens the list, which shows what
    # partners.scope.visible_meetings lets each see (a partner's people: their own meetings and
    # the follow-ups). The Office records any meeting, a province's head and staff their own
    # provincial one (partners.scope.may_record); the Office registers the conclusion notice
    # and turns conclusions into tasks, as it records a leader's assignment.
    Action.VIEW_MEETINGS: ALL,
    Action.RECORD_MEETINGS: frozenset({Role.TRACKER, Role.UNIT_HEAD, Role.UNIT_STAFF}),
    Action.ASSIGN_CONCLUSIONS: frozenset({Role.TRACKER}),
    # Inspections (DOMAIN §11, Regulation 1142 Art. 12-18): everyone of the agency opens the
    # list, which shows what inspections.scope.visible_inspections lets each see (a unit: the
    # inspections of its own units). The Office drafts the year's plan, creates the
    # inspections and records the decision the agency's head signs (Art. 15.1); a leader
    # approves the plan and the members a head proposes (Art. 16.2). The Office and the
    # team's members carry an inspection out (records, report, notice, file:
    # inspections.scope.may_manage); inspected units answer the records requests as tasks
    # (tasks.cycle).
    Action.VIEW_INSPECTIONS: ALL - {Role.PARTNER},
    Action.DRAFT_INSPECTION_PLANS: frozenset({Role.TRACKER}),
    Action.APPROVE_INSPECTIONS: frozenset({Role.LEADER}),
    Action.CREATE_INSPECTIONS: frozenset({Role.TRACKER}),
    Action.WORK_ON_INSPECTIONS: frozenset(
        {Role.TRACKER, Role.INSPECTOR, Role.UNIT_HEAD, Role.UNIT_STAFF}
    ),
}


# Signing in takes a second factor (a code from an authenticator app) for these roles; others
# may turn it on for themselves (accounts/second_factor.py).
SECOND_FACTOR_ROLES = frozenset({Role.ADMIN, Role.LEADER, Role.TRACKER})


def can(user: User | AnonymousUser, action: Action) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    return bool(user.roles & RULES[action])


def require(user: User | AnonymousUser, action: Action) -> None:
    if not can(user, action):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")

"""Custom actions served by the rasa-sdk action server (`python -m connectors.servers.action_server`)."""

from bot.actions.analytics import (
    ActionAttritionReason,
    ActionAttritionRisk,
    ActionForecastHires,
    ActionForecastLeavers,
)
from bot.actions.applications import ActionApplicationStatus
from bot.actions.coaching import ActionCareerPath, ActionRecommendTraining, ActionSkillGap
from bot.actions.comparison import ActionCompareCandidates
from bot.actions.confirm import ActionAffirm, ActionDeny
from bot.actions.moves import (
    ActionAskApplication,
    ActionAskTargetStage,
    ActionPrepareMoveStage,
    ValidateMoveStageForm,
)
from bot.actions.leave import ActionLeaveBalance, ActionPrepareCancelLeave, ActionPrepareLeave
from bot.actions.out_of_scope import ActionOutOfScope
from bot.actions.pipeline import ActionPipelineSummary
from bot.actions.policies import ActionAnswerPolicy
from bot.actions.profiles import ActionCandidateProfile
from bot.actions.recommendations import ActionAskRole, ActionRecommendCandidates, ValidateRecommendForm
from bot.actions.roles import ActionRoleInfo
from bot.actions.salaries import ActionSalaryRange
from bot.actions.screening import ActionScreenApplicants
from bot.actions.search import ActionSearchCandidates
from bot.actions.writes import ActionPrepareShortlist

__all__ = [
    "ActionAffirm",
    "ActionAnswerPolicy",
    "ActionApplicationStatus",
    "ActionAskApplication",
    "ActionAskRole",
    "ActionAskTargetStage",
    "ActionAttritionReason",
    "ActionAttritionRisk",
    "ActionCandidateProfile",
    "ActionCareerPath",
    "ActionCompareCandidates",
    "ActionDeny",
    "ActionForecastHires",
    "ActionForecastLeavers",
    "ActionLeaveBalance",
    "ActionOutOfScope",
    "ActionPipelineSummary",
    "ActionPrepareCancelLeave",
    "ActionPrepareLeave",
    "ActionPrepareMoveStage",
    "ActionPrepareShortlist",
    "ActionRecommendCandidates",
    "ActionRecommendTraining",
    "ActionRoleInfo",
    "ActionSalaryRange",
    "ActionScreenApplicants",
    "ActionSearchCandidates",
    "ActionSkillGap",
    "ValidateMoveStageForm",
    "ValidateRecommendForm",
]

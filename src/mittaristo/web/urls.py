from django.contrib.auth import views as auth_views
from django.urls import path, re_path, reverse_lazy
from django.views.decorators.debug import sensitive_post_parameters

from . import (
    attention_views,
    change_views,
    changelog_views,
    edit_views,
    entry_views,
    export_views,
    import_views,
    investment_views,
    proposal_views,
    public_views,
    review_views,
    role_views,
    sso_views,
    strategy_views,
    structure_views,
    survey_admin_views,
    survey_import_views,
    survey_results_views,
    survey_round_views,
    survey_views,
    task_views,
    views,
)
from .throttle import ThrottledPasswordResetForm

login_view = sso_views.LoginView.as_view()


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, with a form that counts requests (web/throttle.py)."""

    form_class = ThrottledPasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


# The password reset by e-mail: Django's views with the project's templates (registration/).
password_reset = PasswordResetView.as_view(
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    success_url=reverse_lazy("password-reset-done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    success_url=reverse_lazy("password-reset-complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()

urlpatterns = [
    # The public site: published review rounds only, no login.
    path("", public_views.front, name="overview"),
    path("tavoitteet/<str:code>/", public_views.goal, name="public-goal"),
    path("mittarit/<str:code>/", public_views.indicator, name="public-indicator"),
    path(
        "mittarit/<str:code>/lataa.<str:fmt>",
        public_views.indicator_download,
        name="public-indicator-download",
    ),
    re_path(
        r"^mittarit/(?P<code>[^/]+)/osatekijat\.(?P<fmt>csv|xlsx)$",
        public_views.indicator_components,
        name="public-indicator-components",
    ),
    path("huomio/", attention_views.public_attention, name="public-attention"),
    path("muutokset/", changelog_views.public_change_log, name="public-changes"),
    path("kierrokset/<int:pk>/", public_views.front, name="public-round"),
    path(
        "kierrokset/<int:pk>/huomio/",
        attention_views.public_attention,
        name="public-attention-round",
    ),
    path("kierrokset/<int:pk>/tavoitteet/<str:code>/", public_views.goal, name="public-goal-round"),
    path(
        "kierrokset/<int:pk>/mittarit/<str:code>/",
        public_views.indicator,
        name="public-indicator-round",
    ),
    # Answering a survey round: public, no login; a closed round's code only in a POST body.
    path("kysely/<int:pk>/", survey_views.survey_start, name="survey-answer"),
    path(
        "kysely/<int:pk>/osa/<int:number>/",
        survey_views.survey_section,
        name="survey-answer-section",
    ),
    path("kysely/<int:pk>/kiitos/", survey_views.survey_thanks, name="survey-answer-thanks"),
    # The internal application: needs a login and a role.
    path("app/", views.overview, name="app-overview"),
    path("app/login/", sensitive_post_parameters()(login_view), name="login"),
    path("app/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Single sign-on (OpenID Connect), 404 unless configured; the provider returns to paluu/.
    path("app/sso/", sso_views.sso_start, name="oidc_authentication_init"),
    path("app/sso/paluu/", sso_views.sso_callback, name="oidc_authentication_callback"),
    path("app/salasana/", password_reset, name="password-reset"),
    path("app/salasana/lahetetty/", password_reset_done, name="password-reset-done"),
    path(
        "app/salasana/uusi/<uidb64>/<token>/",
        sensitive_post_parameters()(password_reset_confirm),
        name="password-reset-confirm",
    ),
    path("app/salasana/valmis/", password_reset_complete, name="password-reset-complete"),
    path("app/roolit/", role_views.role_list, name="roles"),
    path("app/roolit/<int:pk>/", role_views.role_change, name="role-change"),
    path("app/huomio/", attention_views.attention, name="attention"),
    path("app/tavoitteet/<str:code>/", strategy_views.goal, name="goal"),
    path("app/mittarit/<str:code>/", strategy_views.indicator, name="indicator"),
    re_path(
        r"^app/mittarit/(?P<code>[^/]+)/osatekijat\.(?P<fmt>csv|xlsx)$",
        strategy_views.indicator_components,
        name="indicator-components",
    ),
    path("app/tavoitteet/<str:code>/muuta/", change_views.goal_edit, name="goal-edit"),
    path(
        "app/mittarit/<str:code>/tavoitetaso/<int:year>/muuta/",
        change_views.target_edit,
        name="target-edit",
    ),
    path("app/tavoitteet/<str:code>/omistaja/", edit_views.goal_owner, name="goal-owner"),
    path("app/mittarit/<str:code>/tekstit/", edit_views.indicator_edit, name="indicator-edit"),
    path("app/mittarit/<str:code>/indeksi/", edit_views.indicator_index, name="indicator-index"),
    path(
        "app/mittarit/<str:code>/vastuuhenkilo/",
        edit_views.indicator_person,
        name="indicator-person",
    ),
    path("app/kaskadi/uusi/", edit_views.plan_add, name="plan-add"),
    path("app/kaskadi/<str:code>/muuta/", edit_views.plan_edit, name="plan-edit"),
    path("app/kaskadi/<str:code>/uusi-tavoite/", edit_views.plan_goal_add, name="plan-goal-add"),
    path(
        "app/kaskadi/<str:plan>/<str:code>/muuta/",
        edit_views.plan_goal_edit,
        name="plan-goal-edit",
    ),
    path(
        "app/kaskadi/<str:plan>/<str:code>/poista/",
        edit_views.plan_goal_remove,
        name="plan-goal-remove",
    ),
    path("app/muutostekijat/<str:code>/muuta/", edit_views.factor_edit, name="factor-edit"),
    path("app/tavoitteet/<str:code>/ehdota/", proposal_views.goal_propose, name="goal-propose"),
    path(
        "app/mittarit/<str:code>/tavoitetaso/<int:year>/ehdota/",
        proposal_views.target_propose,
        name="target-propose",
    ),
    path("app/ehdotukset/<int:pk>/", proposal_views.proposal_detail, name="proposal"),
    path(
        "app/ehdotukset/<int:pk>/hyvaksy/", proposal_views.proposal_accept, name="proposal-accept"
    ),
    path(
        "app/ehdotukset/<int:pk>/palauta/", proposal_views.proposal_return, name="proposal-return"
    ),
    path(
        "app/ehdotukset/<int:pk>/peru/", proposal_views.proposal_withdraw, name="proposal-withdraw"
    ),
    path("app/muutokset/", changelog_views.change_log_page, name="changes"),
    path("app/tehtavat/", task_views.my_tasks, name="tasks"),
    path("app/kaskadi/", structure_views.cascade, name="cascade"),
    path("app/muutostekijat/", structure_views.factors, name="factors"),
    path("app/prosessi/", structure_views.process, name="process"),
    # A survey round's results and the moderation of its open-text answers.
    path(
        "app/kyselyt/kierros/<int:pk>/tulokset/",
        survey_results_views.survey_results,
        name="survey-results",
    ),
    path(
        "app/kyselyt/kierros/<int:pk>/tulokset.<str:fmt>",
        survey_results_views.survey_results_download,
        name="survey-results-download",
    ),
    path(
        "app/kyselyt/kierros/<int:pk>/moderointi/",
        survey_results_views.survey_moderation,
        name="survey-moderation",
    ),
    path(
        "app/kyselyt/kierros/<int:pk>/moderointi/<int:answer>/",
        survey_results_views.survey_moderation_decide,
        name="survey-moderation-decide",
    ),
    path("app/kierrokset/", review_views.round_list, name="rounds"),
    path("app/kierrokset/<int:pk>/", review_views.round_detail, name="round"),
    path("app/kierrokset/<int:pk>/julkaise/", review_views.round_publish, name="round-publish"),
    path("app/arviot/<int:pk>/", review_views.assessment_edit, name="assessment"),
    path("app/arviot/<int:pk>/paata/", review_views.assessment_decide, name="assessment-decide"),
    path("app/vienti/", export_views.export_download, name="export"),
    path("app/tuonti/", import_views.import_upload, name="import-upload"),
    path("app/tuonti/tallenna/", import_views.import_store, name="import-store"),
    path("app/tuonti/pohja/", import_views.import_template, name="import-template"),
    path("app/tuonti/peru/", import_views.import_cancel, name="import-cancel"),
    path("app/tuonti/tyo/<int:pk>/", import_views.import_job, name="import-job"),
    path(
        "app/kyselyt/kierros/<int:pk>/tuonti/",
        survey_import_views.survey_import,
        name="survey-import",
    ),
    path("app/syotto/", entry_views.entry_list, name="entry-list"),
    path("app/syotto/<int:pk>/", entry_views.entry_indicator, name="entry-indicator"),
    path(
        "app/syotto/<int:pk>/historia/<int:area_pk>/<str:period>/",
        entry_views.entry_history,
        name="entry-history",
    ),
    # Surveys: the questionnaires, their rounds and codes (the staff's side).
    path("app/investoinnit/", investment_views.investment_list, name="investments"),
    path("app/investoinnit/uusi/", investment_views.investment_add, name="investment-add"),
    path("app/investoinnit/tuonti/", investment_views.investment_import, name="investment-import"),
    path(
        "app/investoinnit/mittarit/",
        investment_views.investment_indicators,
        name="investment-indicators",
    ),
    path(
        "app/investoinnit/hanke/<slug:code>/", investment_views.investment_detail, name="investment"
    ),
    path(
        "app/investoinnit/hanke/<slug:code>/muuta/",
        investment_views.investment_edit,
        name="investment-edit",
    ),
    path("app/kyselyt/", survey_admin_views.survey_list, name="surveys"),
    path("app/kyselyt/uusi/", survey_admin_views.survey_add, name="survey-add"),
    path("app/kyselyt/pohjat/", survey_round_views.survey_templates, name="survey-templates"),
    path("app/kyselyt/<int:pk>/", survey_admin_views.survey_detail, name="survey"),
    path("app/kyselyt/<int:pk>/muuta/", survey_admin_views.survey_edit, name="survey-edit"),
    path("app/kyselyt/<int:pk>/kopioi/", survey_admin_views.survey_copy, name="survey-copy"),
    path("app/kyselyt/<int:pk>/poista/", survey_admin_views.survey_delete, name="survey-delete"),
    path(
        "app/kyselyt/<int:pk>/uusi-osio/", survey_admin_views.section_add, name="survey-section-add"
    ),
    path(
        "app/kyselyt/<int:pk>/uusi-kierros/",
        survey_round_views.round_add,
        name="survey-round-add",
    ),
    path(
        "app/kyselyt/osiot/<int:pk>/muuta/",
        survey_admin_views.section_edit,
        name="survey-section-edit",
    ),
    path(
        "app/kyselyt/osiot/<int:pk>/siirra/",
        survey_admin_views.section_move,
        name="survey-section-move",
    ),
    path(
        "app/kyselyt/osiot/<int:pk>/poista/",
        survey_admin_views.section_delete,
        name="survey-section-delete",
    ),
    path(
        "app/kyselyt/osiot/<int:pk>/uusi-kysymys/",
        survey_admin_views.question_add,
        name="survey-question-add",
    ),
    path(
        "app/kyselyt/kysymykset/<int:pk>/muuta/",
        survey_admin_views.question_edit,
        name="survey-question-edit",
    ),
    path(
        "app/kyselyt/kysymykset/<int:pk>/siirra/",
        survey_admin_views.question_move,
        name="survey-question-move",
    ),
    path(
        "app/kyselyt/kysymykset/<int:pk>/poista/",
        survey_admin_views.question_delete,
        name="survey-question-delete",
    ),
    path(
        "app/kyselyt/kysymykset/<int:pk>/uusi-kytkenta/",
        survey_admin_views.binding_add,
        name="survey-binding-add",
    ),
    path(
        "app/kyselyt/kytkennat/<int:pk>/muuta/",
        survey_admin_views.binding_edit,
        name="survey-binding-edit",
    ),
    path(
        "app/kyselyt/kytkennat/<int:pk>/poista/",
        survey_admin_views.binding_delete,
        name="survey-binding-delete",
    ),
    path("app/kyselyt/kierrokset/<int:pk>/", survey_round_views.round_detail, name="survey-round"),
    path(
        "app/kyselyt/kierrokset/<int:pk>/muuta/",
        survey_round_views.round_edit,
        name="survey-round-edit",
    ),
    path(
        "app/kyselyt/kierrokset/<int:pk>/sulje/",
        survey_round_views.round_close_early,
        name="survey-round-close",
    ),
    path(
        "app/kyselyt/kierrokset/<int:pk>/tallenna-tulokset/",
        survey_round_views.round_store,
        name="survey-round-store",
    ),
    path(
        "app/kyselyt/kierrokset/<int:pk>/koodit/",
        survey_round_views.round_codes,
        name="survey-round-codes",
    ),
]

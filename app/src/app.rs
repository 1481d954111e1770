//! The document shell and the route table.

use crate::audit::AuditPageView;
use crate::auth::{LoginPage, SessionInfo, SignupPage, current_session};
use crate::bia::{
    ApprovedPage, BiaPage, GraphPage, ImportPage, ProcessPage, ResourcePage, ResourcesPage,
    ScalePage,
};
use crate::controls::{CatalogImportPage, ChecklistPage, ControlPage, ControlsPage};
use crate::dashboard::DashboardPage;
use crate::drills::{CalendarPage, DrillsPage, PlanPage, RunPage};
use crate::error::AppError;
use crate::evidence::{EvidenceItemPage, EvidencePage};
use crate::members::{InvitePage, MembersPage};
use crate::orgs::{NewOrgPage, SettingsPage};
use crate::reports::{DocumentPage, ReportsPage, VerifyPage};
use crate::systems::{
    ComparePage, CostsPage, SitesPage, SystemGapsPage, SystemPage, SystemsImportPage, SystemsPage,
};
use crate::ui::Erase;
use crate::ui::{AppFrame, NotFound};
use crate::workshops::{WorkshopPage, WorkshopSummaryPage, WorkshopsPage};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, SsrMode, lazy_route, path};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The signed-in user, loaded once per page load. Signing in or out and
/// switching organisation reload the page, so it never goes stale.
pub type SessionResource = Resource<Result<Option<SessionInfo>, AppError>>;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let session: SessionResource = Resource::new(|| (), |_| current_session());
    provide_context(session);

    // Every page waits for its data on the server (SsrMode::Async), so pages
    // are complete without JavaScript and redirects can still set headers.
    view! {
        <Stylesheet id="leptos" href="/pkg/seawall.css" />
        <Title formatter=|title: String| {
            if title.is_empty() { "Seawall".to_string() } else { format!("{title} · Seawall") }
        } />
        <Router>
            <Routes fallback=|| {
                mark_hydrated();
                view! { <NotFound /> }
            }>
                <Route path=path!("/login") view={Lazy::<LoginPageRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/signup") view={Lazy::<SignupPageRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/invite/:token") view={Lazy::<InvitePageRoute>::new()} ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=AppFrame ssr=SsrMode::Async>
                    <Route path=path!("/") view={Lazy::<DashboardPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/bia") view={Lazy::<BiaPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/bia/processes/:id") view={Lazy::<ProcessPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/bia/resources") view={Lazy::<ResourcesPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/bia/resources/:id") view={Lazy::<ResourcePageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/bia/graph") view={Lazy::<GraphPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/bia/scale") view={Lazy::<ScalePageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/bia/approved") view={Lazy::<ApprovedPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/bia/import") view={Lazy::<ImportPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/systems") view={Lazy::<SystemsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/systems/gaps") view={Lazy::<SystemGapsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/systems/compare") view={Lazy::<ComparePageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/systems/sites") view={Lazy::<SitesPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/systems/costs") view={Lazy::<CostsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/systems/import") view={Lazy::<SystemsImportPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/systems/:id") view={Lazy::<SystemPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/drills") view={Lazy::<DrillsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/drills/calendar") view={Lazy::<CalendarPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/drills/plans/:id") view={Lazy::<PlanPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/drills/runs/:id") view={Lazy::<RunPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/controls") view={Lazy::<ControlsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/controls/import") view={Lazy::<CatalogImportPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/controls/:framework") view={Lazy::<ChecklistPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/controls/:framework/control") view={Lazy::<ControlPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/evidence") view={Lazy::<EvidencePageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/evidence/:id") view={Lazy::<EvidenceItemPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/reports") view={Lazy::<ReportsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/reports/verify") view={Lazy::<VerifyPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/reports/:id") view={Lazy::<DocumentPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/workshops") view={Lazy::<WorkshopsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/workshops/:id") view={Lazy::<WorkshopPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/workshops/:id/summary") view={Lazy::<WorkshopSummaryPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/members") view={Lazy::<MembersPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/settings") view={Lazy::<SettingsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/settings/audit") view={Lazy::<AuditPageViewRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/orgs/new") view={Lazy::<NewOrgPageRoute>::new()} ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Marks the page once it is interactive (effects run only in the browser,
/// after hydration); browser tests wait for it before clicking. Pages call it
/// from their lazily loaded view, so the mark waits for the page's own code.
fn mark_hydrated() {
    Effect::new(|| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// Every page is a lazily loaded route: its code is a chunk of the browser
/// bundle of its own, which the router fetches before it first shows (or
/// hydrates) the page. A visit downloads the shell and the pages it opens,
/// not the whole application.
macro_rules! lazy_pages {
    ($($page:ident => $route:ident),* $(,)?) => {$(
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                mark_hydrated();
                view! { <$page /> }.erase()
            }
        }
    )*};
}

lazy_pages! {
    LoginPage => LoginPageRoute,
    SignupPage => SignupPageRoute,
    InvitePage => InvitePageRoute,
    DashboardPage => DashboardPageRoute,
    BiaPage => BiaPageRoute,
    ProcessPage => ProcessPageRoute,
    ResourcesPage => ResourcesPageRoute,
    ResourcePage => ResourcePageRoute,
    GraphPage => GraphPageRoute,
    ScalePage => ScalePageRoute,
    ApprovedPage => ApprovedPageRoute,
    ImportPage => ImportPageRoute,
    SystemsPage => SystemsPageRoute,
    SystemGapsPage => SystemGapsPageRoute,
    ComparePage => ComparePageRoute,
    SitesPage => SitesPageRoute,
    CostsPage => CostsPageRoute,
    SystemsImportPage => SystemsImportPageRoute,
    SystemPage => SystemPageRoute,
    DrillsPage => DrillsPageRoute,
    CalendarPage => CalendarPageRoute,
    PlanPage => PlanPageRoute,
    RunPage => RunPageRoute,
    ControlsPage => ControlsPageRoute,
    CatalogImportPage => CatalogImportPageRoute,
    ChecklistPage => ChecklistPageRoute,
    ControlPage => ControlPageRoute,
    EvidencePage => EvidencePageRoute,
    EvidenceItemPage => EvidenceItemPageRoute,
    ReportsPage => ReportsPageRoute,
    VerifyPage => VerifyPageRoute,
    DocumentPage => DocumentPageRoute,
    WorkshopsPage => WorkshopsPageRoute,
    WorkshopPage => WorkshopPageRoute,
    WorkshopSummaryPage => WorkshopSummaryPageRoute,
    MembersPage => MembersPageRoute,
    SettingsPage => SettingsPageRoute,
    AuditPageView => AuditPageViewRoute,
    NewOrgPage => NewOrgPageRoute,
}

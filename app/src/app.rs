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
use crate::ui::{AppFrame, NotFound};
use crate::workshops::{WorkshopPage, WorkshopSummaryPage, WorkshopsPage};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};

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
    // Marks the page once it is interactive (effects run only in the browser,
    // after hydration); browser tests wait for it before clicking.
    Effect::new(|| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    // Every page waits for its data on the server (SsrMode::Async), so pages
    // are complete without JavaScript and redirects can still set headers.
    view! {
        <Stylesheet id="leptos" href="/pkg/seawall.css" />
        <Title formatter=|title: String| {
            if title.is_empty() { "Seawall".to_string() } else { format!("{title} · Seawall") }
        } />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                <Route path=path!("/signup") view=SignupPage ssr=SsrMode::Async />
                <Route path=path!("/invite/:token") view=InvitePage ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=AppFrame ssr=SsrMode::Async>
                    <Route path=path!("/") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/bia") view=BiaPage ssr=SsrMode::Async />
                    <Route path=path!("/bia/processes/:id") view=ProcessPage ssr=SsrMode::Async />
                    <Route path=path!("/bia/resources") view=ResourcesPage ssr=SsrMode::Async />
                    <Route path=path!("/bia/resources/:id") view=ResourcePage ssr=SsrMode::Async />
                    <Route path=path!("/bia/graph") view=GraphPage ssr=SsrMode::Async />
                    <Route path=path!("/bia/scale") view=ScalePage ssr=SsrMode::Async />
                    <Route path=path!("/bia/approved") view=ApprovedPage ssr=SsrMode::Async />
                    <Route path=path!("/bia/import") view=ImportPage ssr=SsrMode::Async />
                    <Route path=path!("/systems") view=SystemsPage ssr=SsrMode::Async />
                    <Route path=path!("/systems/gaps") view=SystemGapsPage ssr=SsrMode::Async />
                    <Route path=path!("/systems/compare") view=ComparePage ssr=SsrMode::Async />
                    <Route path=path!("/systems/sites") view=SitesPage ssr=SsrMode::Async />
                    <Route path=path!("/systems/costs") view=CostsPage ssr=SsrMode::Async />
                    <Route path=path!("/systems/import") view=SystemsImportPage ssr=SsrMode::Async />
                    <Route path=path!("/systems/:id") view=SystemPage ssr=SsrMode::Async />
                    <Route path=path!("/drills") view=DrillsPage ssr=SsrMode::Async />
                    <Route path=path!("/drills/calendar") view=CalendarPage ssr=SsrMode::Async />
                    <Route path=path!("/drills/plans/:id") view=PlanPage ssr=SsrMode::Async />
                    <Route path=path!("/drills/runs/:id") view=RunPage ssr=SsrMode::Async />
                    <Route path=path!("/controls") view=ControlsPage ssr=SsrMode::Async />
                    <Route path=path!("/controls/import") view=CatalogImportPage ssr=SsrMode::Async />
                    <Route path=path!("/controls/:framework") view=ChecklistPage ssr=SsrMode::Async />
                    <Route path=path!("/controls/:framework/control") view=ControlPage ssr=SsrMode::Async />
                    <Route path=path!("/evidence") view=EvidencePage ssr=SsrMode::Async />
                    <Route path=path!("/evidence/:id") view=EvidenceItemPage ssr=SsrMode::Async />
                    <Route path=path!("/reports") view=ReportsPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/verify") view=VerifyPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/:id") view=DocumentPage ssr=SsrMode::Async />
                    <Route path=path!("/workshops") view=WorkshopsPage ssr=SsrMode::Async />
                    <Route path=path!("/workshops/:id") view=WorkshopPage ssr=SsrMode::Async />
                    <Route path=path!("/workshops/:id/summary") view=WorkshopSummaryPage ssr=SsrMode::Async />
                    <Route path=path!("/members") view=MembersPage ssr=SsrMode::Async />
                    <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/settings/audit") view=AuditPageView ssr=SsrMode::Async />
                    <Route path=path!("/orgs/new") view=NewOrgPage ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

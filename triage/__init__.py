"""The triage stage: review items and their priority, and the clinicians' review page (`web/`).
Front door: `triage.run.run(settings) -> TriageReport`; the page is served by `triage.web.server.serve`."""

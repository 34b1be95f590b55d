/// Where the CI platform shows a Markdown summary of the job, when it has such a place.
public enum JobSummary {
    /// GitHub Actions renders the Markdown appended to the file `$GITHUB_STEP_SUMMARY` names on the run's page;
    /// GitLab and Azure have no such file (their templates publish the Markdown report as an artifact).
    public static func file(environment: [String: String]) -> String? {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return nil }
        return path
    }
}

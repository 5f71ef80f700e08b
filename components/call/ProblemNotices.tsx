interface ProblemNoticesProps {
  /** Repeated negotiations did not connect; hidden once the call stopped. */
  connectionProblem: string | null;
  /** A device was refused, missing, or could not be switched. */
  mediaProblem: string | null;
}

const NOTICE =
  "mx-4 mb-3 rounded-md bg-amber-100 px-3 py-2 text-sm text-amber-900";

/** The room's warnings about the connection and the devices. */
export function ProblemNotices(
  { connectionProblem, mediaProblem }: ProblemNoticesProps,
) {
  return (
    <>
      {connectionProblem && (
        <p role="status" class={NOTICE}>{connectionProblem}</p>
      )}
      {mediaProblem && <p role="alert" class={NOTICE}>{mediaProblem}</p>}
    </>
  );
}

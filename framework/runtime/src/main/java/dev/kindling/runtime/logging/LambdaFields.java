package dev.kindling.runtime.logging;

/**
 * What the log knows about the invocation in progress, from the Lambda context; any of the texts
 * may be {@code null} (unit tests pass no context).
 *
 * @param coldStart whether this is the first invocation of the process
 * @param memorySizeMb the function's memory, 0 when unknown
 * @param xrayTraceId the {@code Root} of the X-Ray trace header, such as {@code 1-5759e988-bd862e3fe1be46a994272793}
 */
public record LambdaFields(
    boolean coldStart,
    String functionName,
    String functionVersion,
    int memorySizeMb,
    String functionArn,
    String requestId,
    String xrayTraceId) {}

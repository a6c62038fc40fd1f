package dev.kindling.local;

import java.util.List;

/** JVM options of AWS Lambda's managed Java runtimes, so a local cold start behaves like the real one. */
public final class LambdaJvmOptions {

    private LambdaJvmOptions() {
    }

    /**
     * The options the {@code java17} managed runtime passes to {@code java}, less the paths that only exist
     * inside Lambda (its class-data archive, log4j hot-patch agent and pre-extracted JNI library).
     * The heap is 85% of the function's memory, as Lambda sizes it.
     */
    public static List<String> java17(int memorySizeMb) {
        long maxHeapKb = Math.round(memorySizeMb * 1024L * 0.85);
        return List.of(
                "-XX:MaxHeapSize=" + maxHeapKb + "k",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-Djava.net.preferIPv4Stack=true",
                "-XX:+ErrorFileToStderr");
    }
}

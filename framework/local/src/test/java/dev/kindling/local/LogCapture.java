package dev.kindling.local;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A log sink that keeps every line, so tests can wait for what a child JVM printed. */
final class LogCapture implements Consumer<String> {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void accept(String line) {
        lines.add(line);
        System.out.println("[child] " + line);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits until a line matches; log lines travel through a pipe, so they can trail the response. */
    String awaitLine(Predicate<String> matcher, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (matcher.test(line)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("No log line matched within " + timeout + "; got " + lines);
    }
}

package dev.kindling.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A Kinesis-compatible server for local runs and tests: kinesalite 3.3.3, in memory, in a {@code node} child
 * process listening on 127.0.0.1 on a port the system picks.
 *
 * <p>The emulator is installed by kindling-local's build ({@code npm ci} from the committed
 * {@code package-lock.json}) and packaged in its jar under {@code dev/kindling/local/kinesalite}; it is used in
 * place from a classes directory, or unpacked once per version into the temporary directory. {@code node} is taken
 * from the {@code PATH} unless the system property {@value #NODE_PROPERTY} names it. When it cannot run here,
 * {@link #start()} throws {@link EmulatorUnavailableException} with the reason.
 *
 * <p>kinesalite answers the SDK's CBOR requests in a shape the SDK cannot read, so {@link #newClient()} builds its
 * client with CBOR off (the system property {@value #CBOR_PROPERTY} is {@code false} while the client is built, which
 * is when the SDK reads it, and restored afterwards). Real Kinesis speaks that JSON protocol too. A client built
 * elsewhere needs {@code -Daws.cborEnabled=false} or {@code AWS_CBOR_ENABLED=false}.
 */
public final class KinesisLocalServer implements AutoCloseable {

    /** The region of every client made here. */
    public static final String REGION = ElasticMqServer.REGION;
    /** Names the {@code node} executable; defaults to {@code node} on the {@code PATH}. */
    public static final String NODE_PROPERTY = "kindling.node";
    /** The AWS SDK's switch for the CBOR wire format. */
    public static final String CBOR_PROPERTY = "aws.cborEnabled";

    private static final System.Logger LOG = System.getLogger(KinesisLocalServer.class.getName());
    private static final String READY_PREFIX = "kinesalite listening on ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE_PERIOD = Duration.ofSeconds(3);
    private static final int STDERR_LINES_KEPT = 40;

    private final Process process;
    private final URI endpoint;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private KinesisLocalServer(Process process, int port) {
        this.process = process;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Starts the emulator and waits until it accepts connections.
     *
     * @throws EmulatorUnavailableException if it cannot run on this machine: no {@code node}, the build did not
     *                                      install it, or it did not come up
     */
    public static KinesisLocalServer start() {
        Path home = KinesaliteInstallation.locate();
        String node = System.getProperty(NODE_PROPERTY, "node");
        Process process;
        try {
            process = new ProcessBuilder(node, "launcher.js").directory(home.toFile()).start();
        } catch (IOException e) {
            throw new EmulatorUnavailableException("Cannot run '" + node + "' (is Node.js installed and on the PATH? "
                    + "Or set -D" + NODE_PROPERTY + "=<path to node>): " + e.getMessage(), e);
        }
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Deque<String> stderr = new ArrayDeque<>();
        DaemonThreads.start("kindling-kinesalite-out-" + process.pid(), () -> readPort(process.getInputStream(), port));
        DaemonThreads.start("kindling-kinesalite-err-" + process.pid(), () -> keepTail(process.getErrorStream(), stderr));
        process.onExit().thenRun(() -> port.completeExceptionally(new IllegalStateException(
                "kinesalite exited with status " + process.exitValue())));
        try {
            return new KinesisLocalServer(process, port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            destroy(process);
            String reason = e instanceof TimeoutException ? "did not listen within " + START_TIMEOUT : e.getCause().getMessage();
            throw new EmulatorUnavailableException("kinesalite in " + home + " " + reason + "; its stderr: " + snapshot(stderr), e);
        } catch (InterruptedException e) {
            destroy(process);
            Thread.currentThread().interrupt();
            throw new EmulatorUnavailableException("Interrupted while starting kinesalite", e);
        }
    }

    /** The Kinesis endpoint, e.g. {@code http://127.0.0.1:54321}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The emulator's process id. */
    public long pid() {
        return process.pid();
    }

    /**
     * A new Kinesis client for this server (URL-connection HTTP client, dummy static credentials, JSON instead of
     * CBOR); the caller closes it.
     */
    public KinesisClient newClient() {
        synchronized (KinesisLocalServer.class) {
            // The SDK fixes the wire format when the client is built; other clients keep the JVM's setting.
            String previous = System.getProperty(CBOR_PROPERTY);
            System.setProperty(CBOR_PROPERTY, "false");
            try {
                return KinesisClient.builder()
                        .endpointOverride(endpoint)
                        .region(Region.of(REGION))
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build();
            } finally {
                if (previous == null) {
                    System.clearProperty(CBOR_PROPERTY);
                } else {
                    System.setProperty(CBOR_PROPERTY, previous);
                }
            }
        }
    }

    /** Stops the emulator: closes its standard input (it exits on its own), then terminates it if it lingers. */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // Already gone.
            }
            destroy(process);
        }
    }

    private static void destroy(Process process) {
        try {
            if (!process.waitFor(STOP_GRACE_PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(STOP_GRACE_PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void readPort(InputStream stdout, CompletableFuture<Integer> port) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!port.isDone() && line.startsWith(READY_PREFIX)) {
                    port.complete(Integer.parseInt(line.substring(READY_PREFIX.length()).trim()));
                } else {
                    LOG.log(Level.DEBUG, "kinesalite: {0}", line);
                }
            }
        } catch (IOException | RuntimeException e) {
            port.completeExceptionally(e);
        }
    }

    private static void keepTail(InputStream stderr, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                LOG.log(Level.DEBUG, "kinesalite: {0}", line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > STDERR_LINES_KEPT) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    private static String snapshot(Deque<String> tail) {
        synchronized (tail) {
            return tail.isEmpty() ? "(empty)" : String.join(System.lineSeparator(), tail);
        }
    }

    /** Finds the emulator kindling-local's build installed, unpacking it from the jar when needed. */
    static final class KinesaliteInstallation {

        static final String RESOURCE_DIRECTORY = "dev/kindling/local/kinesalite/";
        private static final String LAUNCHER = "launcher.js";
        private static final String MARKER = ".kindling-unpacked";

        private KinesaliteInstallation() {
        }

        static Path locate() {
            URL launcher = KinesisLocalServer.class.getClassLoader().getResource(RESOURCE_DIRECTORY + LAUNCHER);
            if (launcher == null) {
                throw new EmulatorUnavailableException("kindling-local has no " + RESOURCE_DIRECTORY + LAUNCHER);
            }
            Path home;
            try {
                home = switch (launcher.getProtocol()) {
                    case "file" -> Path.of(launcher.toURI()).getParent();
                    case "jar" -> unpack(launcher);
                    default -> throw new EmulatorUnavailableException("Cannot run kinesalite from " + launcher);
                };
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot unpack kinesalite from " + launcher, e);
            }
            if (!Files.isRegularFile(home.resolve("node_modules").resolve("kinesalite").resolve("package.json"))) {
                throw new EmulatorUnavailableException("kinesalite is not installed in " + home
                        + " (kindling-local was built with -Dkindling.kinesalite.skip=true, or without npm)");
            }
            return home;
        }

        /** Unpacks the directory next to {@code launcher} once per content (keyed by the lock file and launcher). */
        private static Path unpack(URL launcher) throws IOException {
            JarURLConnection connection = (JarURLConnection) launcher.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                String key = JarContent.digest(jar, List.of(RESOURCE_DIRECTORY + "package-lock.json",
                        RESOURCE_DIRECTORY + LAUNCHER));
                Path target = Path.of(System.getProperty("java.io.tmpdir")).resolve("kindling-kinesalite-" + key);
                if (Files.isRegularFile(target.resolve(MARKER))) {
                    return target;
                }
                Path staging = Files.createTempDirectory(target.getParent(), "kindling-kinesalite-unpacking-");
                JarContent.extract(jar, RESOURCE_DIRECTORY, staging);
                Files.createFile(staging.resolve(MARKER));
                return JarContent.publish(staging, target, MARKER);
            }
        }
    }
}

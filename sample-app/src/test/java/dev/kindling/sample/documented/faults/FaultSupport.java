package dev.kindling.sample.documented.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.sample.LambdaClasspath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Plumbing of the fault end-to-end tests. */
final class FaultSupport {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String IDEMPOTENCY_TABLE = "fault-idempotency";
  static final String CARD = "4111111111111111";
  static final String CARD_KEY = "5500005555555559";

  private FaultSupport() {}

  /**
   * The function's class path: only this package of the test classes (the other test packages declare beans, a
   * {@code DeadLetterSender} among them, that would replace the real ones), the sample's deployed class path, and
   * the DynamoDB idempotency store with its SDK client, so claims survive a killed process.
   */
  static List<Path> childClasspath() throws IOException {
    Path classes = Path.of(System.getProperty("kindling.lambdaClasspath"));
    Path testClasses = classes.resolveSibling("test-classes");
    Path only = Files.createTempDirectory("fault-test-classes");
    Path pkg = Path.of("dev", "kindling", "sample", "documented", "faults");
    try (Stream<Path> files = Files.walk(testClasses)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Path relative = testClasses.relativize(file);
        boolean ours = relative.startsWith(pkg)
            || (relative.startsWith("META-INF") && relative.getFileName().toString().startsWith("dev.kindling.sample.documented.faults."));
        if (ours) {
          Path target = only.resolve(relative);
          Files.createDirectories(target.getParent());
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    List<Path> entries = new ArrayList<>();
    entries.add(only);
    entries.addAll(LambdaClasspath.entries());
    Path store = classes.getParent().getParent().resolveSibling("framework")
        .resolve("idempotency-dynamodb").resolve("target").resolve("classes");
    if (!Files.isDirectory(store)) {
      throw new IllegalStateException("Build framework/idempotency-dynamodb first: " + store);
    }
    entries.add(store);
    entries.add(codeSource(DynamoDbClient.class));
    return entries;
  }

  static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static void createIdempotencyTable(DynamoDbClient dynamoDb) {
    dynamoDb.createTable(request -> request
        .tableName(IDEMPOTENCY_TABLE)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
  }

  /** The body of one step. */
  static String step(String orderId, int step, String action) {
    return "{\"orderId\":\"" + orderId + "\",\"step\":" + step + ",\"action\":\"" + action + "\",\"cardNumber\":\"" + CARD + "\"}";
  }

  static Map<String, String> environment(Path ledger) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FAULT_LEDGER", ledger.toString());
    env.put("KINDLING_IDEMPOTENCY_TABLE", IDEMPOTENCY_TABLE);
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    env.put("KINDLING_LOG_REDACT", "cardNumber,amountsByCard");
    env.put("KINDLING_LOG_EVENT", "true");
    return env;
  }

  /** One side effect: kind, key, record id, receive count, pid, attempt. */
  record Effect(String kind, String key, String recordId, int receive, long pid, int attempt) {
    String orderId() {
      return key.substring(0, key.indexOf('/'));
    }

    int step() {
      return Integer.parseInt(key.substring(key.indexOf('/') + 1));
    }
  }

  static List<Effect> effects(Path ledger) {
    Path file = ledger.resolve("effects.txt");
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).map(line -> line.split(" "))
          .map(p -> new Effect(p[0], p[1], p[2], Integer.parseInt(p[3]), Long.parseLong(p[4]), Integer.parseInt(p[5])))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> attempts(Path ledger) {
    try {
      Path file = ledger.resolve("attempts.txt");
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The function's output, line by line; JSON lines parsed. */
  static final class Log implements Consumer<String> {
    private final String prefix;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    Log(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public void accept(String line) {
      lines.add(line);
      if (Boolean.getBoolean("fault.echo")) {
        System.out.println("[" + prefix + "] " + line);
      }
    }

    List<String> lines() {
      return List.copyOf(lines);
    }

    List<JsonNode> json() {
      List<JsonNode> parsed = new ArrayList<>();
      for (String line : lines) {
        try {
          JsonNode node = JSON.readTree(line);
          if (node != null && node.isObject()) {
            parsed.add(node);
          }
        } catch (IOException e) {
          // not a JSON line (the runtime client's own output)
        }
      }
      return parsed;
    }

    List<String> notJson() {
      List<String> other = new ArrayList<>();
      for (String line : lines) {
        try {
          JsonNode node = JSON.readTree(line);
          if (node == null || !node.isObject()) {
            other.add(line);
          }
        } catch (IOException e) {
          other.add(line);
        }
      }
      return other;
    }

    List<JsonNode> messages(String contains) {
      return json().stream().filter(node -> node.path("message").asText().contains(contains)).toList();
    }

    String tail(int count) {
      List<String> all = lines();
      return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
    }
  }

  /** Checks of the structured log shared by every scenario; returns what is wrong, empty when nothing is. */
  static List<String> logProblems(Log log, List<String> secrets) {
    List<String> problems = new ArrayList<>();
    for (String line : log.lines()) {
      for (String secret : secrets) {
        if (line.contains(secret)) {
          problems.add("secret " + secret + " in: " + abbreviate(line));
        }
      }
    }
    for (JsonNode line : log.json()) {
      String message = line.path("message").asText();
      // A line about one record ("Record <id> ...") must carry that record's id.
      java.util.regex.Matcher about = java.util.regex.Pattern.compile("^Record (\\S+) ").matcher(message);
      if (about.find()) {
        String id = about.group(1);
        if (!id.equals(line.path("record_id").asText(null))) {
          problems.add("line about record " + id + " has record_id=" + line.path("record_id").asText(null) + ": " + abbreviate(line.toString()));
        }
      }
      if (message.startsWith("Attempt ") || message.startsWith("Effect of ")) {
        if (line.path("record_id").asText("").isEmpty()) {
          problems.add("handler line without record_id: " + abbreviate(line.toString()));
        }
      }
      if (message.equals("Batch processed")) {
        long records = line.path("records").asLong(-1);
        long sum = line.path("succeeded").asLong() + line.path("failed").asLong() + line.path("skipped_without_image").asLong()
            + line.path("skipped_by_deadline").asLong() + line.path("skipped_after_failure").asLong()
            + line.path("dead_lettered").asLong();
        if (records != sum) {
          problems.add("summary does not add up (" + records + " != " + sum + "): " + line);
        }
      }
    }
    return problems;
  }

  static String abbreviate(String text) {
    return text.length() > 600 ? text.substring(0, 600) + "…" : text;
  }
}

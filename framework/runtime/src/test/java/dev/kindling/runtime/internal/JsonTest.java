package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.kindling.runtime.idempotency.InMemoryIdempotencyStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared mapper: java.time and Optional bind, and are written as ISO-8601 text. */
class JsonTest {
  record Delivery(
      String orderId,
      Instant placedAt,
      LocalDate dueDate,
      OffsetDateTime promisedBy,
      LocalDateTime pickup,
      Duration window,
      Optional<String> note,
      Optional<Integer> floor) {}

  record Plain(String orderId, int quantity) {}

  private static final String DELIVERY =
      """
      {"orderId":"o-1","placedAt":"2026-03-10T05:16:23.412Z","dueDate":"2026-03-11",
       "promisedBy":"2026-03-11T18:00:00+02:00","pickup":"2026-03-11T09:30:00","window":"PT1H30M",
       "note":"ring twice","floor":null}
      """;

  private static final ObjectReader READER = Json.reader(Delivery.class);
  private static final ObjectWriter WRITER = Json.writer(Delivery.class);

  @Test
  void javaTimeAndOptionalFieldsBind() {
    Delivery delivery = Payloads.read(READER, DELIVERY);
    assertThat(delivery.placedAt()).isEqualTo(Instant.parse("2026-03-10T05:16:23.412Z"));
    assertThat(delivery.dueDate()).isEqualTo(LocalDate.of(2026, 3, 11));
    assertThat(delivery.promisedBy()).isEqualTo(OffsetDateTime.of(2026, 3, 11, 18, 0, 0, 0, ZoneOffset.ofHours(2)));
    assertThat(delivery.pickup()).isEqualTo(LocalDateTime.of(2026, 3, 11, 9, 30));
    assertThat(delivery.window()).isEqualTo(Duration.ofMinutes(90));
    assertThat(delivery.note()).contains("ring twice");
    assertThat(delivery.floor()).isEmpty();
  }

  @Test
  void absentOptionalFieldsAreEmptyNotNull() {
    Delivery delivery = Payloads.read(READER, "{\"orderId\":\"o-1\"}");
    assertThat(delivery.note()).isEmpty();
    assertThat(delivery.floor()).isEmpty();
  }

  @Test
  void javaTimeIsWrittenAsIso8601TextAndTheOffsetIsKept() throws IOException {
    JsonNode written = Json.MAPPER.readTree(WRITER.writeValueAsString(Payloads.read(READER, DELIVERY)));
    assertThat(written.get("placedAt").asText()).isEqualTo("2026-03-10T05:16:23.412Z");
    assertThat(written.get("dueDate").asText()).isEqualTo("2026-03-11");
    assertThat(written.get("promisedBy").asText()).isEqualTo("2026-03-11T18:00:00+02:00");
    assertThat(written.get("pickup").asText()).isEqualTo("2026-03-11T09:30:00");
    assertThat(written.get("window").asText()).isEqualTo("PT1H30M");
    assertThat(written.get("note").asText()).isEqualTo("ring twice");
    assertThat(written.get("floor").isNull()).isTrue();
  }

  record Calendar(Map<LocalDate, Integer> slots, ZoneId zone, Year year, Optional<Instant> lastBooked) {}

  @Test
  void javaTimeMapKeysZonesAndYearsRoundTrip() throws IOException {
    String json = "{\"slots\":{\"2026-03-10\":3},\"zone\":\"Europe/Berlin\",\"year\":2026,\"lastBooked\":\"2026-03-09T10:00:00Z\"}";
    Calendar calendar = Payloads.read(Json.reader(Calendar.class), json);
    assertThat(calendar.slots()).containsEntry(LocalDate.of(2026, 3, 10), 3);
    assertThat(calendar.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(calendar.year()).isEqualTo(Year.of(2026));
    assertThat(calendar.lastBooked()).contains(Instant.parse("2026-03-09T10:00:00Z"));
    assertThat(Json.MAPPER.readTree(Json.writer(Calendar.class).writeValueAsString(calendar)))
        .as("a year is ISO-8601 text too")
        .isEqualTo(Json.MAPPER.readTree(json.replace("2026,", "\"2026\",")));
  }

  @Test
  void resultsRoundTripThroughTheStoredResultCodecs() throws Exception {
    Delivery delivery = Payloads.read(READER, DELIVERY);
    ResultCodec<Delivery, Delivery> codec = ResultCodec.json(READER, WRITER);
    assertThat(codec.replay(codec.store(delivery))).isEqualTo(delivery);

    ResultCodec<Delivery, HttpResult> http = HttpResult.codec(201, WRITER);
    HttpResult replayed = http.replay(http.store(http.respond(delivery)));
    assertThat(Payloads.<Delivery>read(READER, replayed.body())).isEqualTo(delivery);
  }

  @Test
  void anIdempotentCallWithJavaTimeInPayloadAndResultReplaysTheStoredResult() throws Exception {
    IdempotencyGuard guard =
        new IdempotencyGuard("Deliveries.schedule", null, "PT1H", true).withStore(new InMemoryIdempotencyStore());
    ResultCodec<Delivery, Delivery> codec = ResultCodec.json(READER, WRITER);
    Delivery delivery = Payloads.read(READER, DELIVERY);
    AtomicInteger runs = new AtomicInteger();

    Delivery first = guard.call("o-1", delivery, null, () -> { runs.incrementAndGet(); return delivery; }, codec);
    Delivery second = guard.call("o-1", delivery, null, () -> { runs.incrementAndGet(); return delivery; }, codec);

    assertThat(runs).hasValue(1);
    assertThat(first).isEqualTo(delivery);
    assertThat(second).isEqualTo(delivery);
  }

  /**
   * Binds a type without java.time fields, then (with argument {@code time}) one with them, so
   * the test can see in the class-load log what each step loaded. A class of its own: the test
   * class's static readers would bind java.time types first.
   */
  static final class FreshJvm {
    public static void main(String[] args) throws IOException {
      Json.reader(Plain.class).readValue("{\"orderId\":\"o-1\",\"quantity\":2}");
      Json.writer(Plain.class).writeValueAsString(new Plain("o-1", 2));
      Json.reader(Map.class).readValue("{\"a\":[1,2]}");
      if (args.length > 0) {
        Json.reader(Delivery.class).readValue(DELIVERY);
      }
    }
  }

  @Test
  void javaTimeSupportIsLoadedOnlyWhenAJavaTimeTypeIsBound(@TempDir Path dir) throws Exception {
    assertThat(loaded(dir.resolve("plain.log")))
        .as("a process that binds no java.time type loads none of jackson-datatype-jsr310")
        .noneMatch(line -> line.contains("com.fasterxml.jackson.datatype.jsr310"));
    assertThat(loaded(dir.resolve("time.log"), "time"))
        .as("binding a java.time type loads the module")
        .anyMatch(line -> line.contains("com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer"));
  }

  private static List<String> loaded(Path log, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xlog:class+load=info:file=" + log,
            "-cp", System.getProperty("java.class.path"),
            FreshJvm.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return Files.readAllLines(log);
  }
}

package dev.kindling.runtime.logging;

/**
 * A logged value that is already JSON, such as a redacted event: Kindling's provider embeds it as
 * it is, other backends write its text. It must be one line of valid JSON, as a JSON library
 * writes it without pretty printing.
 */
public record RawJson(String json) {
  @Override
  public String toString() {
    return json;
  }
}

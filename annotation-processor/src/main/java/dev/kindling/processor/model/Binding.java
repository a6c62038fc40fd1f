package dev.kindling.processor.model;

/** Where a handler parameter's value comes from. */
public enum Binding {
  /** The JSON body of an HTTP request or the payload of a direct invocation. */
  BODY("body"),
  PATH("path variable"),
  QUERY("query parameter"),
  HEADER("header"),
  LAMBDA_CONTEXT("Lambda context"),
  /** Kindling's per-record context of a batch handler. */
  RECORD_CONTEXT("record context");

  private final String description;

  Binding(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}

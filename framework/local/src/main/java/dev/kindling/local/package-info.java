/**
 * Runs Lambda functions locally with the real parts: a Lambda Runtime API emulator
 * ({@link dev.kindling.local.RuntimeApiServer}), the handler in a child JVM driven by the AWS runtime
 * interface client ({@link dev.kindling.local.LocalFunction}), an API Gateway HTTP API front door
 * ({@link dev.kindling.local.HttpFrontDoor}) and an SQS event-source mapping over embedded ElasticMQ
 * ({@link dev.kindling.local.SqsEventSource}, {@link dev.kindling.local.ElasticMqServer}).
 */
package dev.kindling.local;

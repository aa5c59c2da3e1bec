package dev.rdg.pipelines;

/** A problem with what the user asked for (options, files, URIs): reported as one line, exit code 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}

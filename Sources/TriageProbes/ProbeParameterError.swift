/// A probe parameter that cannot be used as given; the probe refuses to run with this message.
struct ProbeParameterError: Error {
  /// What is wrong, naming the parameter and what it accepts.
  var message: String
}

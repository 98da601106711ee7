import CoalflowAPI
import CoalflowCore
import Hummingbird

// What the handlers answer with, encoded as JSON by the router's encoder.
extension ActionResult: ResponseEncodable {}
extension ApprovePassingResult: ResponseEncodable {}
extension AuditHead: ResponseEncodable {}
extension AuditReport: ResponseEncodable {}
extension CoverageRow: ResponseEncodable {}
extension DocumentView: ResponseEncodable {}
extension HealthStatus: ResponseEncodable {}
extension InspectionView: ResponseEncodable {}
extension IssuedSlips: ResponseEncodable {}
extension LoginResponse: ResponseEncodable {}
extension ProgressRow: ResponseEncodable {}
extension Report: ResponseEncodable {}
extension SampleView: ResponseEncodable {}
extension SlipView: ResponseEncodable {}
extension Whoami: ResponseEncodable {}

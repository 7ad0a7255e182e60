import CLibPQ
import CMicroHTTPD
public enum Placeholder2 {}

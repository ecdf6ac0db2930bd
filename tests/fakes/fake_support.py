"""What the EC2-style (query protocol, XML) fakes share: botocore's service models, loaded once
per process, and serialization of values into the XML the SDKs parse, following a model's shapes
(member locationNames, <item> or <member> list elements), plus the query protocol's error body and
the region of a SigV4 credential scope. Used by ipam_fake.py and ami_fake.py."""
import re
from xml.sax.saxutils import escape

import botocore.session

_MODELS = {}


def model(service):
    """botocore's service model; loading one (ec2: about a second) happens once per process."""
    if service not in _MODELS:
        _MODELS[service] = botocore.session.get_session().get_service_model(service)
    return _MODELS[service]


def serialize_xml(shape, value, name, list_item="item"):
    """One value as query-protocol XML under element `name`, following the model's shape.
    `list_item` names list elements whose member has no locationName ("item" for EC2, "member"
    for the other query services). Unknown structure members raise ValueError."""
    if shape.type_name == "structure":
        unknown = set(value) - set(shape.members)
        if unknown:
            raise ValueError(f"{shape.name}: unknown members {sorted(unknown)}")
        inner = "".join(
            serialize_xml(shape.members[key], item,
                          shape.members[key].serialization.get("name", key), list_item)
            for key, item in value.items())
        return f"<{name}>{inner}</{name}>"
    if shape.type_name == "list":
        item_name = shape.member.serialization.get("name", list_item)
        inner = "".join(serialize_xml(shape.member, item, item_name, list_item) for item in value)
        return f"<{name}>{inner}</{name}>"
    if shape.type_name == "boolean":
        text = "true" if value else "false"
    elif shape.type_name in ("integer", "long"):
        text = str(int(value))
    elif shape.type_name in ("double", "float"):
        text = repr(float(value))
    else:
        text = str(value)
    return f"<{name}>{escape(text)}</{name}>"


def error_xml(code, message):
    """The EC2 query protocol's error body."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>'
            f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message></Error></Errors>"
            "<RequestID>fake-error</RequestID></Response>")


def signed_region(authorization):
    """The region of a SigV4 credential scope (Credential=AKID/date/REGION/service/aws4_request);
    None when the request is not signed."""
    match = re.search(r"Credential=[^/]+/\d{8}/([^/]+)/", authorization)
    return match.group(1) if match else None

"""Describe output in Salesforce's shape, built from an org's schema."""

from __future__ import annotations

from typing import Any

from emulator.schema import FieldSpec, ObjectSpec

_SOAP_TYPES = {
    "id": "tns:ID",
    "reference": "tns:ID",
    "currency": "xsd:double",
    "double": "xsd:double",
    "percent": "xsd:double",
    "int": "xsd:int",
    "date": "xsd:date",
    "datetime": "xsd:dateTime",
    "boolean": "xsd:boolean",
}


def _relationship_name(spec: FieldSpec) -> str | None:
    """OwnerId -> Owner, Lead__c -> Lead__r, as Salesforce names lookups."""
    if spec.type != "reference":
        return None
    if spec.name.endswith("__c"):
        return spec.name[:-3] + "__r"
    return spec.name[:-2] if spec.name.endswith("Id") else None


def field_describe(spec: FieldSpec) -> dict[str, Any]:
    """Return one entry of describe's `fields` list."""
    return {
        "name": spec.name,
        "label": spec.label,
        "type": spec.type,
        "soapType": _SOAP_TYPES.get(spec.type, "xsd:string"),
        "length": spec.length,
        "byteLength": spec.length * 3,
        "precision": spec.precision if spec.type != "int" else 0,
        "scale": spec.scale,
        "digits": spec.precision if spec.type == "int" else 0,
        "nillable": spec.nillable,
        "createable": spec.createable,
        "updateable": spec.updateable,
        "externalId": spec.external_id,
        "unique": spec.unique,
        "idLookup": spec.name == "Id" or spec.external_id,
        "defaultedOnCreate": spec.defaulted_on_create,
        "defaultValue": spec.default_value,
        "picklistValues": [
            {
                "active": True,
                "defaultValue": value == spec.default_value,
                "label": value,
                "validFor": None,
                "value": value,
            }
            for value in spec.picklist_values
        ],
        "restrictedPicklist": spec.restricted_picklist,
        "referenceTo": list(spec.reference_to),
        "relationshipName": _relationship_name(spec),
        "custom": spec.custom,
        "nameField": spec.name == "Name",
        "calculated": False,
        "autoNumber": False,
        "caseSensitive": False,
        "dependentPicklist": False,
        "encrypted": False,
        "htmlFormatted": False,
        "filterable": spec.type != "textarea" or spec.length <= 255,
        "sortable": spec.type != "textarea" or spec.length <= 255,
        "deprecatedAndHidden": False,
        "inlineHelpText": None,
    }


def _object_summary(obj: ObjectSpec, api_version: str) -> dict[str, Any]:
    base = f"/services/data/v{api_version}/sobjects/{obj.name}"
    return {
        "name": obj.name,
        "label": obj.label,
        "labelPlural": obj.label + "s",
        "keyPrefix": obj.key_prefix,
        "custom": obj.custom,
        "createable": obj.createable,
        "updateable": obj.createable,
        "deletable": obj.createable,
        "queryable": True,
        "retrieveable": True,
        "searchable": True,
        "layoutable": True,
        "urls": {
            "sobject": base,
            "describe": f"{base}/describe",
            "rowTemplate": f"{base}/{{ID}}",
        },
    }


def object_describe(obj: ObjectSpec, api_version: str) -> dict[str, Any]:
    """Return `sobjects/{obj}/describe/` for one object."""
    return {
        **_object_summary(obj, api_version),
        "fields": [field_describe(spec) for spec in obj.fields.values()],
        "childRelationships": [],
        "recordTypeInfos": [],
    }


def object_basic_info(obj: ObjectSpec, api_version: str) -> dict[str, Any]:
    """Return `sobjects/{obj}/`: the object summary and (always empty) recent items."""
    return {"objectDescribe": _object_summary(obj, api_version), "recentItems": []}


def global_describe(schema: dict[str, ObjectSpec], api_version: str) -> dict[str, Any]:
    """Return `sobjects/`: every object of the org."""
    return {
        "encoding": "UTF-8",
        "maxBatchSize": 200,
        "sobjects": [_object_summary(obj, api_version) for obj in schema.values()],
    }

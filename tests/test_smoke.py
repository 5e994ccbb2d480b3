def test_login_and_my_cases(client, make):
    manager = make.user("case_manager")
    case = make.case(manager=manager, young_name="Alva Berg")
    response = client.login(manager.email)
    assert response.status_code == 302
    page = client.get("/cases/")
    assert page.status_code == 200
    assert "Alva Berg" in page.get_data(as_text=True)
    assert case.id
